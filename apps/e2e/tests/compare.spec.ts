import type { Page } from '@playwright/test';
import { initializeDatabase } from '@llm-eval/storage';
import { expect, SEED, test } from '../src/fixtures';

// The seeded pair: alpha-candidate (B) against alpha-baseline (A). Ranked by f1, q-000…q-014 regress and
// q-015…q-074 improve, except q-039, which failed in both runs (every 40th item fails) and so has no score.
const PAIR = `/compare?a=${SEED.baseline}&b=${SEED.candidate}&primaryMetric=f1`;
const CHANGED = SEED.regressed + SEED.improved - 1;
const REGRESSED_ID = /^q-0(0\d|1[0-4])$/;

const rows = (page: Page) => page.getByTestId('change-row');
const metricRow = (page: Page, metric: string) => page.getByTestId('metric-row').filter({ has: page.getByRole('rowheader', { name: metric }) });

test('the summary and the metric table show a verdict per metric, explained on hover and focus', async ({ page, shot }) => {
  await page.goto(PAIR);
  await expect(page.getByRole('heading', { name: `Compare ${SEED.baseline} → ${SEED.candidate}` })).toBeVisible();
  await expect(page.getByTestId('summary-successRate')).toContainText('97.5%');
  await expect(page.getByTestId('metric-row')).toHaveCount(2);
  const exact = metricRow(page, 'exact_match');
  // innerText: each explanation is in the document too, hidden until hover or focus.
  const testCell = (row: typeof exact) => row.locator('td').first().locator('.explained');
  await expect(testCell(exact)).toHaveText('McNemar', { useInnerText: true });
  await expect(exact.locator('.verdict')).toHaveText('regressed', { useInnerText: true });
  await expect(exact).toContainText('−0.1282');
  await expect(testCell(metricRow(page, 'f1'))).toHaveText('Wilcoxon', { useInnerText: true });
  await expect(metricRow(page, 'f1').locator('.verdict')).toHaveText(/^(improved|regressed|no significant change|unchanged|not enough pairs)$/, { useInnerText: true });

  await exact.locator('.verdict').hover();
  await expect(page.getByRole('tooltip')).toHaveText(/regressed: run B scores lower \(worse\) than run A/);
  await shot('compare-light');
  await page.mouse.move(0, 0);
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  await testCell(exact).focus();
  await expect(page.getByRole('tooltip')).toHaveText(/McNemar exact test on items that passed in one run only/);

  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('compare-dark');
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(rows(page).first()).toBeVisible();
  await shot('compare-narrow');
});

test('show only changed switches between every paired item and the changed ones', async ({ page }) => {
  await page.goto(PAIR);
  await expect(page.getByTestId('item-count')).toContainText(`${SEED.pairItems} paired items`);
  await expect(rows(page).first()).toHaveAttribute('data-item-id', 'q-000');
  // In run A's order, as listed: not ranked by the primary metric (that is "Sort by regression" or a change list).
  await expect(page.getByTestId('item-count')).toContainText('in run A’s order');
  await expect(page.getByTestId('item-count')).not.toContainText('ranked by');
  await page.getByLabel('Show only changed').click();
  await expect(page.getByLabel('Show only changed')).toBeChecked();
  await expect(page).toHaveURL(/changed=1/);
  await expect(page.getByTestId('item-count')).toContainText(`${CHANGED} changed items`);
  await expect(page.getByTestId('item-count')).toContainText('improved, then regressed, each ranked by f1');
  await expect(rows(page).first()).toHaveAttribute('data-kind', 'improved');
  await page.getByLabel('Show only changed').click();
  await expect(page.getByLabel('Show only changed')).not.toBeChecked();
  await expect(page.getByTestId('item-count')).toContainText(`${SEED.pairItems} paired items`);
  await expect(page).not.toHaveURL(/changed=1/);
});

test('sort by regression puts the regressed items first, worst first', async ({ page }) => {
  await page.goto(`${PAIR}&changed=1`);
  await expect(rows(page).first()).toHaveAttribute('data-kind', 'improved');
  // A click, not check(): the checkbox follows the URL, which the router updates in a transition.
  await page.getByLabel('Sort by regression').click();
  await expect(page.getByLabel('Sort by regression')).toBeChecked();
  await expect(page).toHaveURL(/sort=regression/);
  await expect(rows(page).first()).toHaveAttribute('data-kind', 'regressed');
  await expect(rows(page).first()).toHaveAttribute('data-item-id', REGRESSED_ID);
  for (let i = 0; i < 5; i++) await expect(rows(page).nth(i)).toHaveAttribute('data-item-id', REGRESSED_ID);
});

test('the regressed filter lists only the regressions, and the keyboard opens them', async ({ page }) => {
  await page.goto(PAIR);
  await page.getByRole('button', { name: /^Regressed/ }).click();
  await expect(page).toHaveURL(/only=regressed/);
  await expect(page.getByTestId('item-count')).toContainText(`${SEED.regressed} regressed items`);
  await expect(rows(page)).toHaveCount(SEED.regressed);
  for (const id of await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')))) expect(id).toMatch(REGRESSED_ID);
  await expect(page.getByRole('button', { name: /^Regressed/ })).toHaveAttribute('aria-pressed', 'true');

  // Rows are focusable: arrow down moves, Enter opens the pair.
  await rows(page).first().focus();
  await page.keyboard.press('ArrowDown');
  const second = await rows(page).nth(1).getAttribute('data-item-id');
  await expect(rows(page).nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: `Item ${second}` })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`item=${second}`));
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('opening q-003 shows the two outputs side by side with the change as a text diff', async ({ page, shot }) => {
  await page.goto(`${PAIR}&only=regressed`);
  await rows(page).filter({ hasText: 'q-003' }).click();
  const dialog = page.getByRole('dialog', { name: 'Item q-003' });
  await expect(dialog).toBeVisible();
  const diff = dialog.getByTestId('text-diff');
  await expect(diff.locator('del')).toContainText(['City 3']);
  await expect(diff.locator('ins')).toContainText(['Town 4']);
  await expect(dialog.getByLabel('Expected output')).toHaveText('City 3');
  await expect(dialog).toContainText('What is the capital of country 3?');
  await shot('compare-item-diff');
});

test('swap flips baseline and candidate in the URL and the signs of the changes', async ({ page }) => {
  await page.goto(PAIR);
  await expect(metricRow(page, 'exact_match')).toContainText('−0.1282');
  await page.getByRole('button', { name: 'Swap' }).click();
  await expect(page).toHaveURL(new RegExp(`a=${SEED.candidate}&b=${SEED.baseline}`));
  await expect(page.getByRole('heading', { name: `Compare ${SEED.candidate} → ${SEED.baseline}` })).toBeVisible();
  await expect(metricRow(page, 'exact_match')).toContainText('+0.1282');
  await expect(metricRow(page, 'exact_match').locator('.verdict')).toHaveText('improved', { useInnerText: true });
});

test('a reload keeps the runs, options, filters, sort and the open item', async ({ page }) => {
  await page.goto(`${PAIR}&changed=1&sort=regression&item=q-003`);
  await expect(page.getByRole('dialog', { name: 'Item q-003' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('dialog', { name: 'Item q-003' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Sort by regression')).toBeChecked();
  await expect(page.getByLabel('Show only changed')).toBeChecked();
  await expect(rows(page).first()).toHaveAttribute('data-kind', 'regressed');
  await expect(page.getByTestId('item-count')).toContainText('ranked by f1');
});

test('without runs, two pickers search the runs by name and fill the URL', async ({ page }) => {
  await page.goto('/compare');
  await expect(page.getByText('Choose a baseline run (A) and a candidate run (B)')).toBeVisible();
  await page.getByRole('combobox', { name: 'Baseline (A)' }).fill('baseline');
  await page.getByRole('option', { name: new RegExp(SEED.baseline) }).click();
  await expect(page).toHaveURL(new RegExp(`a=${SEED.baseline}`));
  await page.getByRole('combobox', { name: /Candidate \(B\)/ }).fill('candidate');
  await page.getByRole('option', { name: new RegExp(SEED.candidate) }).click();
  await expect(page).toHaveURL(new RegExp(`b=${SEED.candidate}`));
  await expect(page.getByTestId('metric-row')).toHaveCount(2);
});

test('a run that does not exist is named in the error, with a retry', async ({ page }) => {
  await page.goto(`/compare?a=${SEED.baseline}&b=no-such-run`);
  await expect(page.getByRole('alert')).toContainText('no-such-run');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('a run without a start time has no duration in the summary (—, as on its run page), not 0 ms', async ({ page, served }) => {
  // Made through the storage API without a start time: created, items added, completed.
  const db = await initializeDatabase({ url: served.databaseUrl });
  let id: string;
  try {
    // A project of its own: the seeded project's trends and lists stay as other tests expect them.
    const name = `no-start-${Date.now().toString(36)}`;
    const run = await db.runs.createRun({ name, projectId: name, datasetName: 'tiny', modelName: 'm1', metricsUsed: ['f1'] });
    id = run.id;
    await db.runs.addItems(id, [{ itemId: 'q-000', actualOutput: 'x', scores: { f1: 1 } }]);
    await db.runs.computeRunMetrics(id);
    await db.runs.updateRun(id, { status: 'completed', completedAt: new Date() });
  } finally {
    await db.close();
  }
  await page.goto(`/runs/${id}`);
  await expect(page.locator('.card', { has: page.getByText('Duration', { exact: true }) })).toContainText('—');

  await page.goto(`/compare?a=${id}&b=${SEED.candidate}`);
  const cells = page.getByTestId('summary-durationSeconds').getByRole('cell');
  await expect(cells.nth(0)).toHaveText('—');
  await expect(cells.nth(1)).not.toHaveText('—');
  await expect(cells.nth(2)).toHaveText('—');
  await expect(page.getByTestId('summary-durationSeconds')).not.toContainText('0 ms');
});

test('a task that started failing on 11 of 30 items of B shows as a regressed "task success" row, not only "unchanged" metrics', async ({ page, served }) => {
  // Two runs of a project of their own: the same f1 on every item both scored, B's task throwing on q-000…q-010.
  const db = await initializeDatabase({ url: served.databaseUrl });
  const project = `task-fails-${Date.now().toString(36)}`;
  const items = (failing: number) =>
    Array.from({ length: 30 }, (_, i) => {
      const failed = i < failing;
      return {
        itemId: `t-${String(i).padStart(3, '0')}`,
        input: `question ${i}`,
        actualOutput: failed ? null : `answer ${i}`,
        status: failed ? ('failed' as const) : ('completed' as const),
        errorMessage: failed ? 'TypeError: cannot read properties of undefined' : null,
        errorType: failed ? 'TypeError' : null,
        scores: failed ? ({} as Record<string, number>) : { f1: 0.5 + (i % 5) / 10 },
      };
    });
  const common = { projectId: project, datasetName: 'tasks-30', modelName: 'm1', metricsUsed: ['f1'], status: 'completed' as const };
  try {
    await db.runs.importRun({ ...common, name: `${project}-a` }, items(0));
    await db.runs.importRun({ ...common, name: `${project}-b` }, items(11));
  } finally {
    await db.close();
  }
  await page.goto(`/compare?a=${project}-a&b=${project}-b`);
  await expect(metricRow(page, 'f1').locator('.verdict')).toHaveText('unchanged', { useInnerText: true });
  const success = metricRow(page, 'task success');
  await expect(success.locator('.verdict')).toHaveText('regressed', { useInnerText: true });
  await expect(success).toContainText('30 (11)');
  await expect(success.locator('td').first().locator('.explained')).toHaveText('McNemar', { useInnerText: true });
  await expect(page.getByTestId('metric-row')).toHaveCount(2);
});
