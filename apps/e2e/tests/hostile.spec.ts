import { initializeDatabase } from '@llm-eval/storage';
import { expect, test } from '../src/fixtures';

// Hostile values from the database reach the pages only as text: markup in names and outputs is shown, never run;
// a name with URL characters still links to its own run; NUL, lone surrogates and a 2 MB output render.
const NAME = '<img src=x onerror="window.__xss=1">/a?b#c %2F 名前';
const HUGE = `${'long line of output '.repeat(100_000)}END`; // 2 MB

test('markup, URL characters, NUL and a 2 MB output in a run are shown as text and never executed', async ({ page, served }) => {
  const db = await initializeDatabase({ url: served.databaseUrl });
  let runId: string;
  try {
    const run = await db.runs.importRun(
      {
        name: NAME,
        projectId: 'hostile-project',
        datasetName: '"><script>window.__xss=2</script>',
        modelName: 'm\u0000odel',
        metricsUsed: ['score'],
        tags: ['<i>tag</i>'],
        status: 'completed',
      },
      [
        {
          itemId: 'x<script>window.__xss=3</script>',
          input: { prompt: '</textarea><svg onload="window.__xss=4">' },
          expectedOutput: 'nul\u0000inside and a lone \ud800 surrogate',
          actualOutput: HUGE,
          status: 'completed',
          scores: { score: 0.5 },
        },
      ],
    );
    runId = run.id;
  } finally {
    await db.close();
  }
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });

  await page.goto('/');
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByRole('link', { name: NAME })).toBeVisible();
  await row.getByRole('link', { name: NAME }).click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(`/runs/${encodeURIComponent(runId)}`);

  // The run opens by its hostile name too.
  await page.goto(`/runs/${encodeURIComponent(NAME)}`);
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();

  const item = page.locator('[data-testid="item-row"]').first();
  await expect(item).toHaveAttribute('data-item-id', 'x<script>window.__xss=3</script>');
  await item.click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText('</textarea><svg onload=');
  await expect(drawer).toContainText('long line of output');

  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
  expect(errors).toEqual([]);
});
