import type { Page } from '@playwright/test';
import { expect, SEED, test } from '../src/fixtures';

// The quality bar, on every page: no sideways scrolling of the page at 1280×800 and at a phone's 390×800
// (wide tables scroll inside their own .table-wrap), no console errors, readable in the dark colour scheme, an API
// failure told in words with a Retry that works, and the runs table usable from the keyboard.
const PAGES = [
  { name: 'runs', path: '/' },
  { name: 'run', path: `/runs/${SEED.baseline}` },
  { name: 'compare', path: `/compare?a=${SEED.baseline}&b=${SEED.candidate}` },
  { name: 'trends', path: '/trends' },
  { name: 'projects', path: '/projects' },
  { name: 'health', path: '/health' },
];
const WIDTHS = [1280, 390];

/** Console errors and uncaught exceptions of the page from now on. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Waits until the page's data is in: no request in flight and no loading skeleton left. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.skeleton')).toHaveCount(0);
  await expect(page.getByRole('main')).not.toBeEmpty();
}

/** How far the page scrolls sideways, in CSS px (0 or less: it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** WCAG relative luminance (0 black … 1 white) of the page background and of the body text. */
const luminances = (page: Page) =>
  page.evaluate(() => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    // The first opaque background from the body up (the body itself is usually transparent).
    const opaque = [document.body, document.documentElement]
      .map((el) => getComputedStyle(el).backgroundColor)
      .find((c) => { const v = rgb(c); return v.length === 3 || (v.length === 4 && v[3] !== 0); });
    return { background: luminance(rgb(opaque ?? 'rgb(255, 255, 255)')), text: luminance(rgb(getComputedStyle(document.body).color)) };
  });

for (const { name, path } of PAGES) {
  test(`the ${name} page fits 1280 and 390 px wide, logs no error and is readable in the dark`, async ({ page, shot }) => {
    const errors = collectErrors(page);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(path);
      await settled(page);
      expect(await overflow(page), `${path} at ${width} px scrolls sideways`).toBeLessThanOrEqual(1);
      const light = await luminances(page);
      expect(light.background, 'light: the background is light').toBeGreaterThan(0.7);
      expect(light.text, 'light: the text is dark').toBeLessThan(0.2);

      await page.emulateMedia({ colorScheme: 'dark' });
      const dark = await luminances(page);
      expect(dark.background, 'dark: the background is dark').toBeLessThan(0.1);
      expect(dark.text, 'dark: the text is light').toBeGreaterThan(0.5);
      expect(await overflow(page), `${path} at ${width} px in the dark scrolls sideways`).toBeLessThanOrEqual(1);
      await shot(`quality-${name}-${width}-dark`);
    }
    expect(errors).toEqual([]);
  });
}

test('a failed runs request is shown in words with a Retry that loads the runs', async ({ page }) => {
  // 503 (with the API's error body) until Retry is pressed: the app's own retries of a 503 fail too.
  let failing = true;
  let failed = 0;
  await page.route((url) => url.pathname === '/api/v1/runs', async (route) => {
    if (!failing) return route.fallback();
    failed++;
    await route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'database_unavailable', message: 'The database is not reachable right now', details: {} } }),
    });
  });
  await page.goto('/');
  const alert = page.getByRole('alert').filter({ hasText: 'The database is not reachable right now' });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  expect(failed).toBeGreaterThan(0);
  await expect(page.getByTestId('run-row')).toHaveCount(0);

  failing = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.locator(`tr[data-testid="run-row"][data-run-name="${SEED.baseline}"]`)).toBeVisible();
  await expect(alert).toBeHidden();
});

test('the keyboard reaches the runs table, moves down its rows and opens one', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  const focusedRun = () => page.evaluate(() => document.activeElement?.closest('tr[data-testid="run-row"]')?.getAttribute('data-run-name') ?? null);
  // Tab from the top of the page until a run row has the focus (the search box, chips and headers come first).
  let first: string | null = null;
  for (let i = 0; i < 40 && !first; i++) {
    await page.keyboard.press('Tab');
    first = await focusedRun();
  }
  expect(first, 'Tab never reached a run row').not.toBeNull();
  await page.keyboard.press('ArrowDown');
  await expect.poll(focusedRun).not.toBe(first);
  const second = await focusedRun();
  expect(second).not.toBeNull();
  const id = await page.locator(`tr[data-testid="run-row"][data-run-name="${second}"]`).getAttribute('data-run-id');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/runs/${id}$`));
  await expect(page.getByRole('heading', { name: second! })).toBeVisible();
});
