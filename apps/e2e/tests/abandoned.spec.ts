import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../src/fixtures';
import { CLI_BIN } from '../src/serve';

// A run whose `llm-eval evaluate` is killed (SIGKILL: no chance to store a final status) sends no event: the server
// reads it as abandoned (here at once, as its writer's process is gone from this host; elsewhere once its heartbeat is
// older than LLM_EVAL_HEARTBEAT_TIMEOUT), and only a read shows that. The runs list must show it without a reload, as
// the run page does, stop showing the killed process's last rate, and drop it from a "running runs" search.

/** Starts `llm-eval evaluate` over the served database with a slow task (300 items of 300 ms, one at a time). */
function startSlowEvaluate(databaseUrl: string, name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'llm-eval-e2e-abandoned-'));
  writeFileSync(
    join(dir, 'task.mjs'),
    `export default async function answer(input) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return 'City ' + input.n;
}
`,
  );
  const dataset = Array.from({ length: 300 }, (_, n) => JSON.stringify({ id: `slow-${n}`, input: { n }, expected: `City ${n}` }));
  writeFileSync(join(dir, 'data.jsonl'), `${dataset.join('\n')}\n`);
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI_BIN, 'evaluate', '--task', join(dir, 'task.mjs'), '--dataset', join(dir, 'data.jsonl'), '--concurrency', '1', '--timeout', '120000',
      '--name', name, '--project', 'abandoned-e2e', '--model', 'slow-task', '--database-url', databaseUrl],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const runRow = (page: Page, name: string) => page.locator(`tr[data-testid="run-row"][data-run-name="${name}"]`);

test.describe.configure({ timeout: 120_000 });

test('a run whose evaluate process was killed turns abandoned on the runs list without a reload, and its rate goes', async ({ page, served, shot }) => {
  const name = `e2e-killed-${served.kind}-${Date.now()}`;
  await page.goto('/');
  await expect(page.getByTestId('live-indicator')).toHaveText('live');
  // A second tab on the "running runs" search: the killed run must leave it.
  const search = await page.context().newPage();
  await search.goto('/?q=running+runs');
  await expect(search.getByTestId('live-indicator')).toHaveText('live');
  let navigations = 0;
  page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);

  const evaluate = startSlowEvaluate(served.databaseUrl, name);
  try {
    const row = runRow(page, name);
    await expect(row.locator('.col-status')).toHaveText('running', { timeout: 30_000 });
    // The live rate of the progress events, e.g. "3.3/s".
    await expect(row.locator('.col-items')).toContainText('/s', { timeout: 30_000 });
    await expect(runRow(search, name)).toBeVisible({ timeout: 30_000 });
    // While it runs, the list watches that run (GET /runs/:id every 5 s), never re-reading its pages (a full search each).
    const reads: string[] = [];
    const onRequest = (request: { url(): string }) => reads.push(new URL(request.url()).pathname);
    page.on('request', onRequest);
    await page.waitForTimeout(11_000);
    page.off('request', onRequest);
    expect(reads.filter((p) => p === '/api/v1/runs')).toHaveLength(0);
    expect(reads.filter((p) => p.startsWith('/api/v1/runs/')).length).toBeGreaterThanOrEqual(1);
    await evaluate.kill();
    await shot('abandoned-killed');

    // Once the API says abandoned, the list follows within its re-read interval.
    const path = `/api/v1/runs/${encodeURIComponent(name)}`;
    await expect.poll(async () => ((await (await page.request.get(path)).json()) as { status: string }).status, { timeout: 30_000 }).toBe('abandoned');
    await expect(row.locator('.col-status')).toHaveText('abandoned', { timeout: 15_000 });
    await expect(row.locator('.col-items')).not.toContainText('/s');
    await expect(runRow(search, name)).toHaveCount(0, { timeout: 15_000 });
    await shot('abandoned-list');
    expect(navigations).toBe(0);

    const { id } = (await (await page.request.get(path)).json()) as { id: string };
    expect((await page.request.delete(`/api/v1/runs/${id}?force=true`)).ok()).toBe(true);
  } finally {
    await evaluate.kill();
    evaluate.cleanUp();
    await search.close();
  }
});
