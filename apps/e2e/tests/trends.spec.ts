import type { Page } from '@playwright/test';
import { initializeDatabase } from '@llm-eval/storage';
import { expect, SEED, test } from '../src/fixtures';

/**
 * The UTC day (YYYY-MM-DD) the seed put a run on, from its stored creation time: a day counted back from the time of
 * the assertion is a different day when midnight passes between seeding and asserting.
 */
async function seededDay(page: Page, name: string): Promise<string> {
  const response = await page.request.get(`/api/v1/runs/${encodeURIComponent(name)}`);
  expect(response.ok()).toBe(true);
  return new Date(((await response.json()) as { createdAt: string }).createdAt).toISOString().slice(0, 10);
}

/** The id of a run, by name, from the API. */
async function runId(page: Page, name: string): Promise<string> {
  const response = await page.request.get(`/api/v1/runs/${encodeURIComponent(name)}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { id: string }).id;
}

test('the f1 trend of project alpha has a point on each seeded day; a point opens its run', async ({ page, shot }) => {
  await page.goto('/trends?metric=f1&project=alpha');
  const rows = page.getByTestId('trend-row');
  await expect(rows).toHaveCount(2);
  // Newest first: the candidate (1 day ago), then the baseline (3 days ago).
  await expect(rows.nth(0)).toHaveAttribute('data-bucket', await seededDay(page, SEED.candidate));
  await expect(rows.nth(1)).toHaveAttribute('data-bucket', await seededDay(page, SEED.baseline));
  await expect(page.getByTestId('trend-point')).toHaveCount(2);
  await expect(page.getByText(/2 completed runs in 2 days/)).toBeVisible();
  await expect(page.getByLabel('Metric')).toHaveValue('f1');
  await expect(page.getByLabel('Project')).toHaveValue('alpha');
  await shot('trends');

  const candidate = await runId(page, SEED.candidate);
  await page.locator(`[data-testid="trend-point"][data-bucket="${await seededDay(page, SEED.candidate)}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${candidate}$`));
});

test('a row of the points table opens its run with the keyboard', async ({ page }) => {
  await page.goto('/trends?metric=f1&project=alpha');
  const baseline = await runId(page, SEED.baseline);
  const first = page.getByTestId('trend-row').first();
  await first.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('trend-row').nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/runs/${baseline}$`));
});

test('a bucket of several runs opens the runs page filtered to its day, project and model', async ({ page, served }) => {
  // Two runs of a project of this test's own, today: one bucket of two runs.
  const project = `trend-e2e-${Date.now().toString(36)}`;
  const db = await initializeDatabase({ url: served.databaseUrl });
  try {
    for (const [name, score] of [
      ['trend-a', 0.4],
      ['trend-b', 0.8],
    ] as const) {
      await db.runs.importRun(
        { name: `${project}-${name}`, projectId: project, datasetName: 'tiny', modelName: 'm1', metricsUsed: ['acc'], status: 'completed' },
        [{ itemId: 'i1', input: 'x', actualOutput: 'y', status: 'completed', scores: { acc: score } }],
      );
    }
  } finally {
    await db.close();
  }
  await page.goto(`/trends?metric=acc&project=${project}&model=m1`);
  const row = page.getByTestId('trend-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('0.6'); // the mean of 0.4 and 0.8
  await expect(row).toContainText('0.4');
  await expect(row).toContainText('0.8');
  // The runs' stored day, not today's at the time of this assertion: midnight may pass after the runs were stored.
  const day = await seededDay(page, `${project}-trend-a`);
  await expect(row).toHaveAttribute('data-bucket', day);
  await row.click();
  await expect(page).toHaveURL(/\/\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('project')).toBe(project);
  expect(url.searchParams.get('model')).toBe('m1');
  expect(url.searchParams.get('createdAfter')).toBe(`${day}T00:00:00.000Z`);
  await expect(page.locator('[data-testid="run-row"]')).toHaveCount(2);
});

test('the pickers keep the trend in the URL, and a metric no run has says so', async ({ page }) => {
  await page.goto('/trends?metric=f1&project=alpha');
  await expect(page.getByTestId('trend-row')).toHaveCount(2);
  await page.getByLabel('Metric').selectOption('exact_match');
  await page.getByLabel('Bucket', { exact: true }).selectOption('week');
  await expect(page).toHaveURL(/metric=exact_match/);
  await expect(page).toHaveURL(/bucket=week/);
  await page.reload();
  await expect(page.getByLabel('Metric')).toHaveValue('exact_match');
  await expect(page.getByLabel('Bucket', { exact: true })).toHaveValue('week');

  await page.goto('/trends?metric=rouge_l&project=alpha');
  await expect(page.getByRole('heading', { name: /No completed runs with the metric “rouge_l”/ })).toBeVisible();
});

test('trends in dark and on a narrow screen', async ({ page, shot }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/trends?metric=f1&project=alpha');
  await expect(page.getByTestId('trend-point')).toHaveCount(2);
  await shot('trends-dark');
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(page.getByTestId('trend-point')).toHaveCount(2);
  // Charts re-measure their container after a resize (ResizeObserver, then a render): wait for the layout to settle.
  // A page that really overflows keeps overflowing until the poll gives up.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: 'the page scrolls sideways at 390 px' })
    .toBeLessThanOrEqual(0);
  await shot('trends-narrow');
});

test('a bucket opens exactly its runs: those without the metric, or before the trend starts, are not listed', async ({ page, served }) => {
  // Today, in a project of this test's own: a run scored by acc before the trend starts, then two runs scored by acc
  // and a completed run scored only by other.
  const project = `trend-metric-${Date.now().toString(36)}`;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
  const db = await initializeDatabase({ url: served.databaseUrl });
  let since = '';
  try {
    for (const [name, metric, score] of [
      ['early', 'acc', 0.1],
      ['with-a', 'acc', 0.4],
      ['with-b', 'acc', 0.8],
      ['without', 'other', 0.5],
    ] as const) {
      await db.runs.importRun(
        { name: `${project}-${name}`, projectId: project, datasetName: 'tiny', modelName: 'm1', metricsUsed: [metric], status: 'completed' },
        [{ itemId: 'i1', input: 'x', actualOutput: 'y', status: 'completed', scores: { [metric]: score } }],
      );
      if (name === 'early') {
        await pause();
        since = new Date().toISOString();
        await pause();
      }
    }
  } finally {
    await db.close();
  }
  const query = `metric=acc&project=${project}&model=m1&since=${encodeURIComponent(since)}`;
  const trend = await page.request.get(`/api/v1/trends?${query}`);
  expect(trend.ok()).toBe(true);
  const points = ((await trend.json()) as { points: Array<{ runs: number }> }).points;
  expect(points.map((p) => p.runs)).toEqual([2]);

  await page.goto(`/trends?${query}`);
  await page.getByTestId('trend-row').click();
  await expect(page).toHaveURL(/\/\?/);
  await expect(page.getByTestId('runs-total')).toHaveText(`${points[0]!.runs} runs`);
  await expect(page.locator('[data-testid="run-row"]')).toHaveCount(points[0]!.runs);
  for (const name of ['early', 'without']) await expect(page.locator('[data-testid="run-row"]', { hasText: `${project}-${name}` })).toHaveCount(0);
  // The runs page says why: its order is the metric's, which lists only the runs that have it.
  await expect(page.getByLabel('Sort runs')).toHaveValue('metric:acc:desc');
  await expect(page.getByLabel('Sort runs').locator('option:checked')).toHaveText('acc, highest first (runs with it only)');
  const url = new URL(page.url());
  expect(url.searchParams.get('project')).toBe(project);
  expect(url.searchParams.get('model')).toBe('m1');
});
