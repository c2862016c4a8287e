import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { initializeDatabase } from '@llm-eval/storage';
import { expect, SEED, test } from '../src/fixtures';

const rows = (page: Page) => page.getByTestId('item-row');

test('a run opens from its name: summary numbers, metric statistics and histograms', async ({ page, shot }) => {
  await page.goto(`/runs/${SEED.baseline}`);
  await expect(page.getByRole('heading', { level: 1, name: SEED.baseline })).toBeVisible();
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText(`${SEED.pairItems}`);
  await expect(summary).toContainText('117 successful, 3 failed');
  await expect(summary).toContainText('97.5%');
  await expect(summary.getByRole('link', { name: 'alpha' })).toHaveAttribute('href', '/?project=alpha');
  await expect(summary).toContainText('baseline');
  await summary.getByText('Config').click();
  await expect(page.getByLabel('Config')).toContainText('"prompt": "Answer with the city only."');

  const f1 = page.getByRole('region', { name: /^f1/ });
  await expect(f1.getByText('mean')).toBeVisible();
  await expect(f1.getByRole('figure', { name: 'Histogram of f1' })).toBeVisible();
  await expect(f1.locator('svg.recharts-surface')).toBeVisible();
  const exact = page.getByRole('region', { name: /^exact_match/ });
  await expect(exact.getByText('pass rate')).toBeVisible();
  await expect(exact.getByRole('figure', { name: 'Histogram of exact_match' })).toBeVisible();

  await expect(rows(page).first()).toHaveAttribute('data-item-id', 'q-000');
  await shot('run');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('run-dark');
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(page.getByRole('heading', { level: 1, name: SEED.baseline })).toBeVisible();
  await shot('run-narrow');
});

test('a run opens from `latest`', async ({ page, request }) => {
  // Other tests of this worker may store runs: latest is whatever the API resolves it to now.
  const latest = (await (await request.get('/api/v1/runs/latest')).json()) as { name: string };
  await page.goto('/runs/latest');
  await expect(page.getByRole('heading', { level: 1, name: latest.name })).toBeVisible();
});

test('the item query "failed items" shows only the failed items and how it was understood', async ({ page }) => {
  await page.goto(`/runs/${SEED.baseline}`);
  await expect(rows(page).first()).toBeVisible();
  await page.getByLabel('Item query').fill('failed items');
  await expect(page.getByTestId('item-query-explanation')).toContainText('Understood: status is failed');
  await expect(page.getByTestId('item-query-explanation')).toContainText('3 items match');
  await expect(rows(page)).toHaveCount(3);
  expect(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-item-id')))).toEqual(['q-039', 'q-079', 'q-119']);
  for (const row of await rows(page).all()) await expect(row).toContainText('failed');
  await expect(page).toHaveURL(/[?&]q=failed(\+|%20)items/);
  // The quick filters wait while a query is used.
  await expect(page.getByRole('button', { name: 'failed', exact: true })).toBeDisabled();

  await page.getByLabel('Item query').fill('f1 >');
  await expect(page.getByRole('alert')).toContainText('The query cannot be read');
});

test('quick filters: status and a score range', async ({ page }) => {
  await page.goto(`/runs/${SEED.baseline}`);
  await expect(rows(page).first()).toBeVisible();
  await page.getByRole('button', { name: 'failed', exact: true }).click();
  await expect(page.getByTestId('item-query-explanation')).toContainText('status is failed');
  await expect(rows(page)).toHaveCount(3);
  await expect(page).toHaveURL(/[?&]status=failed/);

  await page.getByRole('button', { name: 'failed', exact: true }).click();
  await page.getByLabel('Metric').selectOption('f1');
  await page.getByLabel('Minimum score').fill('0.85');
  // f1 = 0.5 + ((i * 37) % 40) / 100 in the baseline: 15 items reach 0.85.
  await expect(page.getByTestId('item-query-explanation')).toContainText('f1 >= 0.85');
  await expect(page.getByTestId('item-query-explanation')).toContainText('15 items match');
  await expect(rows(page)).toHaveCount(15);
  await expect(page).toHaveURL(/metric=f1/);
  await expect(page).toHaveURL(/min=0\.85/);
});

test('an item opens in the drawer (input JSON pretty-printed, expected and actual output), Escape closes it, the URL keeps it', async ({ page, shot }) => {
  await page.goto(`/runs/${SEED.baseline}`);
  await rows(page).filter({ hasText: 'q-001' }).click();
  const drawer = page.getByRole('dialog', { name: 'Item q-001' });
  await expect(drawer).toBeVisible();
  await expect(page).toHaveURL(/[?&]item=q-001/);
  // Pretty-printed (PostgreSQL's jsonb may order the keys differently, so each line is checked on its own).
  const input = drawer.getByLabel('Input');
  await expect(input).toHaveText(/^\{\n {2}"/);
  await expect(input).toContainText('\n  "question": "What is the capital of country 1?"');
  await expect(input).toContainText('\n  "context": {\n    "region": "north"\n  }');
  await expect(drawer.getByLabel('Expected output')).toHaveText('City 1');
  await expect(drawer.getByLabel('Actual output')).toHaveText('The capital of country 1 is City 1.');
  await shot('run-item');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(page).not.toHaveURL(/item=/);

  // A shared URL opens the item (here a failed one, with its error), also after a reload.
  await page.goto(`/runs/${SEED.baseline}?q=failed%20items&item=q-039`);
  const failed = page.getByRole('dialog', { name: 'Item q-039' });
  await expect(failed).toContainText('TimeoutError');
  await expect(failed).toContainText('model timed out after 30 s');
  await page.reload();
  await expect(page.getByRole('dialog', { name: 'Item q-039' })).toBeVisible();
  await expect(page.getByLabel('Item query')).toHaveValue('failed items');
});

test('the keyboard moves through the items and Enter opens one', async ({ page }) => {
  await page.goto(`/runs/${SEED.baseline}`);
  await rows(page).first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(rows(page).filter({ hasText: 'q-002' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Item q-002' })).toBeVisible();
});

test('the export buttons download the run as JSON, JSONL and CSV', async ({ page }) => {
  await page.goto(`/runs/${SEED.baseline}`);
  const exports = page.getByRole('group', { name: 'Export' });
  const starts: Record<string, string> = { JSON: '{\n  "dataset_name": "capitals-120"', JSONL: '{"type":"run"', CSV: 'id,success,input,expected,output' };
  for (const [label, start] of Object.entries(starts)) {
    const [download] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: label, exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${SEED.baseline}-[0-9a-f]+\\.${label.toLowerCase()}$`));
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.startsWith(start)).toBe(true);
  }
});

test('an unknown run is said in words, with a way back', async ({ page }) => {
  await page.goto('/runs/no-such-run');
  await expect(page.getByRole('heading', { level: 1, name: 'No run no-such-run' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the runs' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('a run with 200 metrics draws a histogram only once its card is scrolled near (all at once froze the page)', async ({ page, served }) => {
  // A run of its own project, so the seeded lists stay as other tests expect them.
  const db = await initializeDatabase({ url: served.databaseUrl });
  const name = `many-metrics-${Date.now().toString(36)}`;
  const metrics = Array.from({ length: 200 }, (_, m) => `metric_${String(m).padStart(3, '0')}`);
  let id: string;
  try {
    const items = Array.from({ length: 10 }, (_, i) => ({
      itemId: `i-${i}`,
      actualOutput: `answer ${i}`,
      status: 'completed' as const,
      scores: Object.fromEntries(metrics.map((metric, m) => [metric, ((i + m) % 10) / 10])),
    }));
    id = (await db.runs.importRun({ name, projectId: name, datasetName: 'wide', modelName: 'm1', metricsUsed: metrics, status: 'completed' }, items)).id;
  } finally {
    await db.close();
  }
  await page.goto(`/runs/${id}`);
  const chart = (metric: string) => page.getByRole('region', { name: new RegExp(`^${metric}`) }).getByTestId('histogram-chart');
  await expect(page.getByTestId('metric-card')).toHaveCount(200);
  await expect(chart('metric_000')).toHaveAttribute('data-drawn', 'true');
  await expect(chart('metric_000').locator('svg.recharts-surface')).toBeVisible();
  // Far below the fold: not drawn, its numbers still in the figure's table.
  await expect(chart('metric_199')).toHaveAttribute('data-drawn', 'false');
  await expect(page.locator('svg.recharts-surface')).not.toHaveCount(200);
  await chart('metric_199').scrollIntoViewIfNeeded();
  await expect(chart('metric_199')).toHaveAttribute('data-drawn', 'true');
  await expect(chart('metric_199').locator('svg.recharts-surface')).toBeVisible();
});
