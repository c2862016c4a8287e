import { expect, test } from '../src/fixtures';

test('health shows the backend, the URL as the API gives it, schema version and row counts', async ({ page, served, shot }) => {
  const report = (await (await page.request.get('/api/v1/health')).json()) as { url: string; schemaVersion: string };
  await page.goto('/health');
  await expect(page.getByTestId('health-verdict')).toContainText('The database is healthy.');
  await expect(page.getByTestId('health-backend')).toContainText(served.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  await expect(page.getByTestId('health-url')).toHaveText(report.url);
  await expect(page.getByTestId('health-schema')).toHaveText(report.schemaVersion);
  expect(report.schemaVersion).toBeTruthy();
  const rows = page.getByRole('table', { name: 'Rows per table' });
  await expect(rows.getByRole('row', { name: /evaluation runs \d+/ })).toBeVisible();
  await expect(rows.getByRole('row', { name: /projects \d+/ })).toBeVisible();
  await expect(page.getByText(/\d+ applied, 0 pending/)).toBeVisible();
  await expect(page.getByTestId('health-latest-run').getByRole('link')).toHaveAttribute('href', /^\/runs\/[0-9a-f-]+$/);
  // Never a password on the page (the API redacts it; the page shows the URL as given).
  expect((await page.locator('body').innerText()).toLowerCase()).not.toContain('password');
  await shot('health');
});

test('health in dark and on a narrow screen', async ({ page, shot }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/health');
  await expect(page.getByTestId('health-verdict')).toBeVisible();
  await shot('health-dark');
  await page.setViewportSize({ width: 390, height: 800 });
  // Charts re-measure their container after a resize (ResizeObserver, then a render): wait for the layout to settle.
  // A page that really overflows keeps overflowing until the poll gives up.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: 'the page scrolls sideways at 390 px' })
    .toBeLessThanOrEqual(0);
  await shot('health-narrow');
});
