import { initializeDatabase, type CreateRunInput, type ItemInput } from '@llm-eval/storage';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../src/fixtures';

// Stored text is shown as written, but never lets one value disturb the page around it: a name with a right-to-left
// override cannot reorder the words next to it, and 255-character values without spaces (the API's limit) and a
// 5,000-character description neither widen the page nor push a table's other columns out of view.

const items = (n: number): ItemInput[] =>
  Array.from({ length: n }, (_, i) => ({ itemId: `q-${i}`, actualOutput: 'x', status: 'completed' as const, scores: { score: (i % 3) / 2 } }));

async function importRuns(databaseUrl: string, runs: Array<[CreateRunInput, ItemInput[]]>): Promise<string[]> {
  const db = await initializeDatabase({ url: databaseUrl });
  try {
    const ids: string[] = [];
    for (const [run, runItems] of runs) ids.push((await db.runs.importRun(run, runItems)).id);
    return ids;
  } finally {
    await db.close();
  }
}

async function expectNoSidewaysScroll(page: Page) {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect.soft(scrollWidth, `${page.url()} is ${scrollWidth}px wide in a ${innerWidth}px window`).toBeLessThanOrEqual(innerWidth);
}

test('a right-to-left override in a run name stays inside it, and the compare page counts paired items truthfully', async ({ page, served }) => {
  const common = { projectId: 'bidi-project', metricsUsed: ['score'], status: 'completed' as const };
  // A holds 50 items, B 500 of which 50 share A's ids: 50 pairs, 450 items only in B.
  const [a, b] = await importRuns(served.databaseUrl, [
    [{ ...common, name: 'model-A \u202e' }, items(50)],
    [{ ...common, name: 'model-B-regressed' }, items(500)],
  ]);
  await page.goto(`/compare?a=${a}&b=${b}`);
  const title = page.locator('h1 .compare-title-runs');
  await expect(title.getByRole('link', { name: 'model-B-regressed' })).toBeVisible();

  // Shown left to right as A, the arrow, B (unisolated, the override turned it into "model-A desserger-B-ledom →").
  const boxes = await title.evaluate((span) => {
    const arrow = Array.from(span.childNodes).find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.includes('→'))!;
    const range = document.createRange();
    range.setStart(arrow, arrow.textContent!.indexOf('→'));
    range.setEnd(arrow, arrow.textContent!.indexOf('→') + 1);
    const [linkA, linkB] = Array.from(span.querySelectorAll('a')).map((link) => link.getBoundingClientRect());
    return { a: linkA!.right, arrowLeft: range.getBoundingClientRect().left, arrowRight: range.getBoundingClientRect().right, b: linkB!.left };
  });
  // Soft: each defect is reported on its own.
  expect.soft(boxes.a, 'run A left of the arrow').toBeLessThanOrEqual(boxes.arrowLeft);
  expect.soft(boxes.arrowRight, 'the arrow left of run B').toBeLessThanOrEqual(boxes.b);
  // The override itself is shown, not obeyed.
  await expect.soft(title.locator('a bdi')).toHaveText(['model-A ⟨RLO⟩', 'model-B-regressed']);

  await expect.soft(page.getByTestId('item-count')).toHaveText(/^50 paired items, 450 only in B/);
});

test('255-character names, tags, models and datasets and a 5,000-character description fit every page', async ({ page, served }) => {
  const long = (c: string) => c.repeat(255);
  const project = 'long-strings-project';
  const run: CreateRunInput = {
    name: long('n'),
    projectId: project,
    datasetName: long('d'),
    modelName: long('m'),
    modelVersion: long('v'),
    tags: [long('t')],
    description: 'D'.repeat(5_000),
    metricsUsed: ['score'],
    status: 'completed',
  };
  const [id, other] = await importRuns(served.databaseUrl, [
    [run, items(5)],
    [{ ...run, name: 'short', tags: [] }, items(5)],
  ]);

  await page.goto(`/?project=${project}`);
  const row = page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
  await expect(row).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expect.soft(row.locator(`bdi[title="${long('n')}"]`)).toBeVisible();

  await page.goto(`/runs/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: long('n') })).toBeVisible();
  await expectNoSidewaysScroll(page);

  await page.goto('/projects');
  await expect(page.locator(`[data-testid="project-row"][data-project-id="${project}"]`)).toBeVisible();
  await expectNoSidewaysScroll(page);

  await page.goto(`/projects/${project}`);
  const latest = page.getByRole('table', { name: `Latest runs of ${project}` });
  // The last column is still in view, the long name cut (whole in its title).
  await expect(latest).toBeVisible();
  const [created, box] = await Promise.all([latest.getByRole('columnheader', { name: 'Created' }).boundingBox(), page.locator('.table-wrap', { has: latest }).boundingBox()]);
  expect.soft(created!.x + created!.width, 'the Created column in view').toBeLessThanOrEqual(box!.x + box!.width);
  await expect.soft(latest.locator(`bdi[title="${long('n')}"]`)).toBeVisible();
  // The dataset's name stays inside its card.
  const [dataset, card] = await Promise.all([
    page.getByRole('link', { name: long('d') }).boundingBox(),
    page.locator('.project-usage .card', { has: page.getByRole('heading', { name: 'Datasets' }) }).boundingBox(),
  ]);
  expect.soft(dataset!.x + dataset!.width, 'the dataset inside its card').toBeLessThanOrEqual(card!.x + card!.width);
  await expectNoSidewaysScroll(page);

  await page.goto(`/compare?a=${id}&b=${other}`);
  await expect(page.getByTestId('item-count')).toBeVisible();
  await expectNoSidewaysScroll(page);

  await page.goto(`/trends?project=${project}&metric=score`);
  await expect(page.getByTestId('trend-row').first()).toBeVisible();
  await expectNoSidewaysScroll(page);
});

/**
 * Whether the text `gnp.exe` inside `element` is laid out as written (g left of the final e), not reversed by a
 * direction override into "exe.png". Measured on the page: innerText is in stored order either way.
 */
async function readsAsStored(element: Locator): Promise<boolean> {
  return element.evaluate((root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf('gnp.exe');
      if (at < 0) continue;
      const box = (i: number) => {
        const range = document.createRange();
        range.setStart(node!, i);
        range.setEnd(node!, i + 1);
        return range.getBoundingClientRect();
      };
      return box(at).left < box(at + 'gnp.exe'.length - 1).left;
    }
    throw new Error(`no "gnp.exe" in ${root.outerHTML.slice(0, 300)}`);
  });
}

test('direction controls in stored text are shown, not obeyed, and NUL still shows as ␀', async ({ page, served }) => {
  const evil = 'rtl abc\u202egnp.exe\u202c';
  const [id] = await importRuns(served.databaseUrl, [
    [
      { name: evil, projectId: 'bidi-controls', datasetName: `data ${evil}`, modelName: `model ${evil}`, tags: [`tag ${evil}`], metricsUsed: ['score'], status: 'completed' },
      [
        { itemId: `item ${evil}`, input: `in ${evil}`, actualOutput: `out ${evil} nul\u0000here`, status: 'completed', scores: { score: 1 } },
      ],
    ],
  ]);

  await page.goto(`/runs/${id}`);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('gnp.exe');
  expect.soft(await readsAsStored(heading), 'the run name').toBe(true);
  const marks = page.locator('.control-char');
  await expect.soft(heading.locator('.control-char')).toHaveText(['⟨RLO⟩', '⟨PDF⟩']);
  await expect.soft(heading.locator('.control-char').first()).toHaveAttribute('title', 'U+202E RIGHT-TO-LEFT OVERRIDE');
  const summary = page.getByRole('region', { name: 'Summary' });
  expect.soft(await readsAsStored(summary.getByLabel('Tags')), 'the tag').toBe(true);
  expect.soft(await readsAsStored(summary.getByRole('link', { name: /^model / })), 'the model link').toBe(true);
  expect.soft(await readsAsStored(summary.getByRole('link', { name: /^data / })), 'the dataset link').toBe(true);
  // The links still carry the name as stored.
  await expect(summary.getByRole('link', { name: /^model / })).toHaveAttribute('href', `/?${new URLSearchParams({ model: `model ${evil}` }).toString()}`);
  await expect.soft.poll(() => page.title()).not.toContain('\u202e');

  const row = page.locator('tr[data-item-id]').first();
  await expect(row).toHaveAttribute('data-item-id', `item ${evil}`);
  expect.soft(await readsAsStored(row.locator('td').first()), 'the item id').toBe(true);
  expect.soft(await readsAsStored(row.locator('td').last()), 'the output preview').toBe(true);
  await expect.soft(row.locator('td').last()).toContainText('nul␀here');
  await row.click();
  const output = page.getByLabel('Actual output');
  await expect.soft(output).toContainText('nul␀here');
  expect.soft(await readsAsStored(output), 'the output').toBe(true);
  expect.soft(await readsAsStored(page.getByLabel('Input')), 'the input').toBe(true);
  await expect.soft(marks.first()).toBeVisible();

  await page.goto('/?project=bidi-controls');
  const runRow = page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
  await expect(runRow).toHaveAttribute('data-run-name', evil);
  expect.soft(await readsAsStored(runRow.locator('.col-name')), 'the name in the runs list').toBe(true);
});
