import { initializeDatabase } from '@llm-eval/storage';
import type { Page } from '@playwright/test';
import { expect, SEED, test } from '../src/fixtures';

/** Stores a small finished run the way another process would (straight into the database the server reads). */
async function importRunElsewhere(databaseUrl: string, name: string): Promise<string> {
  const db = await initializeDatabase({ url: databaseUrl });
  try {
    const run = await db.runs.importRun(
      { name, projectId: 'scratch', datasetName: 'tiny-2', modelName: 'e2e-model', metricsUsed: ['f1'], status: 'completed', tags: ['e2e'] },
      [0, 1].map((i) => ({ itemId: `t-${i}`, input: `input ${i}`, actualOutput: `output ${i}`, status: 'completed' as const, scores: { f1: 0.5 } })),
    );
    return run.id;
  } finally {
    await db.close();
  }
}

const rows = (page: Page) => page.getByTestId('run-row');
const row = (page: Page, name: string) => page.locator(`[data-testid="run-row"][data-run-name="${name}"]`);

test('the runs page lists the seeded runs, newest first', async ({ page, shot }) => {
  await page.goto('/');
  await expect(row(page, SEED.candidate)).toBeVisible();
  await expect(row(page, SEED.baseline)).toBeVisible();
  await expect(row(page, SEED.beta)).toBeVisible();
  await expect(row(page, SEED.failed)).toBeVisible();
  // Created, newest first: candidate (1 day ago), beta (2), baseline (3), broken (5).
  const names = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-name')));
  expect(names.indexOf(SEED.candidate)).toBeLessThan(names.indexOf(SEED.baseline));
  expect(names.indexOf(SEED.baseline)).toBeLessThan(names.indexOf(SEED.failed));
  await shot('runs');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('runs-dark');
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(row(page, SEED.candidate).getByRole('link', { name: SEED.candidate })).toBeVisible();
  await shot('runs-narrow');
});

test('a query is explained as it is typed, with the words it did not use', async ({ page, shot }) => {
  await page.goto('/');
  await expect(row(page, SEED.beta)).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search runs' });
  await search.fill('failed runs in project alpha');
  await expect(page.getByTestId('understood')).toContainText('Understood:');
  await expect(page.getByTestId('understood')).toContainText('failed');
  await expect(page.getByTestId('understood')).toContainText('alpha');
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, SEED.failed)).toBeVisible();
  await expect(page).toHaveURL(/[?&]q=failed/);

  await search.fill('completed runs of gpt-4o zebra');
  await expect(page.getByTestId('understood')).toContainText('gpt-4o');
  await expect(page.getByTestId('ignored')).toContainText('zebra');
  await shot('runs-search');

  // A query that cannot be parsed is explained under the box; the page itself stays usable.
  await search.fill('f1 above abc');
  await expect(page.getByRole('alert')).toContainText('expected a number');
  await expect(page.getByRole('searchbox', { name: 'Search runs' })).toBeEditable();
});

test('clicking a value adds a filter chip that narrows the table; removing it widens it again', async ({ page }) => {
  await page.goto('/');
  await row(page, SEED.beta).getByRole('button', { name: 'beta', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Filters' })).toContainText('project: beta');
  await expect(rows(page)).toHaveCount(1);
  await expect(page).toHaveURL(/[?&]project=beta/);
  await page.getByRole('button', { name: 'Remove filter project beta' }).click();
  await expect(row(page, SEED.baseline)).toBeVisible();
  await expect(page).not.toHaveURL(/project=/);

  await page.getByLabel('Filter by status').selectOption('failed');
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, SEED.failed)).toBeVisible();
});

test('every status the status filter offers is one the API accepts: choosing any lists runs, never an error', async ({ page, request }) => {
  await page.goto('/');
  await expect(row(page, SEED.baseline)).toBeVisible();
  const filter = page.getByLabel('Filter by status');
  const offered = (await filter.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
  expect(offered.length).toBeGreaterThan(0);
  for (const status of offered) {
    const answer = await request.get(`/api/v1/runs?status=${status}&limit=1`);
    expect(answer.status(), `GET /api/v1/runs?status=${status}`).toBe(200);
  }
  // The last one offered, chosen in the page: a chip, and the table (empty or not) instead of an error panel.
  const last = offered[offered.length - 1]!;
  const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/runs' && new URL(r.url()).searchParams.get('status') === last);
  await filter.selectOption(last);
  expect((await listed).status()).toBe(200);
  await expect(page.getByRole('list', { name: 'Filters' })).toContainText(`status: ${last}`);
  await expect(page).toHaveURL(new RegExp(`[?&]status=${last}`));
  await expect(page.getByText('The runs could not be loaded')).toHaveCount(0);
});

test('sorting by a column header changes the order and the URL, and a reload keeps the state', async ({ page }) => {
  await page.goto('/?project=alpha');
  await expect(rows(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page).toHaveURL(/sort=name%3Aasc|sort=name:asc/);
  await expect(rows(page).first()).toHaveAttribute('data-run-name', SEED.baseline);
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page).toHaveURL(/sort=name%3Adesc|sort=name:desc/);
  await expect(rows(page).first()).toHaveAttribute('data-run-name', SEED.candidate);
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');

  await page.getByRole('searchbox', { name: 'Search runs' }).fill('completed');
  await expect(page).toHaveURL(/q=completed/);
  await expect(rows(page)).toHaveCount(2);
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search runs' })).toHaveValue('completed');
  await expect(page.getByRole('list', { name: 'Filters' })).toContainText('project: alpha');
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first()).toHaveAttribute('data-run-name', SEED.candidate);
});

test('the sort menu orders runs by total tokens and cost, as the API does, and the URL keeps the order', async ({ page }) => {
  const namesFromApi = async (sort: string) => {
    const body = (await (await page.request.get(`/api/v1/runs?sort=${sort}&limit=100`)).json()) as { runs: Array<{ name: string }> };
    return body.runs.map((run) => run.name);
  };
  await page.goto('/');
  const menu = page.getByRole('combobox', { name: 'Sort runs' });
  for (const [label, sort] of [
    ['Most tokens', 'totalTokens:desc'],
    ['Fewest tokens', 'totalTokens:asc'],
    ['Most expensive', 'totalCost:desc'],
    ['Cheapest', 'totalCost:asc'],
  ] as const) {
    await menu.selectOption({ label });
    await expect(page).toHaveURL(new RegExp(`sort=${sort.replace(':', '(%3A|:)')}`));
    const expected = await namesFromApi(sort);
    expect(expected.length).toBeGreaterThan(1);
    await expect.poll(async () => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-name')))).toEqual(expected);
  }
  await page.reload();
  await expect(menu).toHaveValue('totalCost:asc');
});

test('rows are reachable by keyboard: arrows move, Space selects, Enter opens the run', async ({ page }) => {
  await page.goto('/?project=alpha&sort=name:asc');
  await expect(rows(page)).toHaveCount(3);
  await rows(page).first().focus();
  // By name: alpha-baseline, alpha-broken, alpha-candidate.
  await page.keyboard.press('ArrowDown');
  await expect(row(page, SEED.failed)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(row(page, SEED.failed).getByRole('checkbox')).toBeChecked();
  await page.keyboard.press('End');
  await expect(row(page, SEED.candidate)).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(row(page, SEED.baseline)).toBeFocused();
  const id = await row(page, SEED.baseline).getAttribute('data-run-id');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/runs/${id}$`));
});

test('selecting the two alpha runs and pressing Compare opens the comparison, older run as baseline', async ({ page }) => {
  await page.goto('/');
  const baseline = await row(page, SEED.baseline).getAttribute('data-run-id');
  const candidate = await row(page, SEED.candidate).getAttribute('data-run-id');
  const compare = page.getByRole('button', { name: 'Compare', exact: true });
  await expect(compare).toBeDisabled();
  // Selected newest first: the baseline is still the older run.
  await row(page, SEED.candidate).getByRole('checkbox').click();
  await expect(row(page, SEED.candidate).getByRole('checkbox')).toBeChecked();
  await row(page, SEED.baseline).getByRole('checkbox').click();
  await expect(page.getByText('2 selected')).toBeVisible();
  await compare.click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?a=${baseline}&b=${candidate}$`));
});

test('deleting a run asks first: Cancel keeps it, Delete removes it', async ({ page, served }) => {
  const name = `e2e-delete-${served.kind}-${Date.now()}`;
  await importRunElsewhere(served.databaseUrl, name);
  await page.goto(`/?text=${encodeURIComponent(name)}`);
  await expect(row(page, name)).toBeVisible();
  await row(page, name).getByRole('checkbox').click();
  await expect(page.getByText('1 selected')).toBeVisible();

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this run?' });
  await expect(dialog).toContainText(name);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, name)).toBeVisible();

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete run' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(row(page, name)).toHaveCount(0);
  await page.goto('/');
  await expect(row(page, SEED.baseline)).toBeVisible();
  await expect(row(page, name)).toHaveCount(0);
});

test('a run stored by another process appears without a reload', async ({ page, served }) => {
  await page.goto('/');
  await expect(row(page, SEED.baseline)).toBeVisible();
  await expect(page.getByTestId('live-indicator')).toHaveText('live');
  const name = `e2e-live-${served.kind}-${Date.now()}`;
  const id = await importRunElsewhere(served.databaseUrl, name);
  await expect(row(page, name)).toBeVisible({ timeout: 15_000 });
  await expect(row(page, name)).toHaveAttribute('data-run-id', id);
  // Clean up through the API, so the seed stays as every other test expects it.
  expect((await page.request.delete(`/api/v1/runs/${id}`)).ok()).toBe(true);
});
