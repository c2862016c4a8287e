import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../src/fixtures';
import { CLI_BIN } from '../src/serve';

// A run started by a real `llm-eval evaluate` subprocess, watched live in the dashboard. The task is held at two
// gates (files the test creates), so the test — not the machine's speed — decides when the run moves on: the first
// ITEMS_BEFORE_GATE items go through at once, the next ones wait for gate 1, the rest for gate 2. The page must show the
// run running with a progress bar, the count rising after gate 1, and the run completed with its totals after gate 2.
const ITEMS = 200;
const FIRST_GATE_AT = 20;
const SECOND_GATE_AT = 100;

interface LiveRun {
  name: string;
  /** Lets the items waiting at gate 1 (then gate 2) go on. */
  open(gate: 1 | 2): void;
  /** The CLI's exit code once it ended. */
  exited: Promise<number | null>;
  stop(): void;
  output(): string;
}

/** Starts `llm-eval evaluate` (concurrency 2, items of ~20 ms) over the served database with a gated task. */
function startGatedEvaluate(databaseUrl: string, name: string): LiveRun {
  const dir = mkdtempSync(join(tmpdir(), 'llm-eval-e2e-live-'));
  const gate = (n: 1 | 2) => join(dir, `gate-${n}`);
  writeFileSync(
    join(dir, 'task.mjs'),
    `import { existsSync } from 'node:fs';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export default async function answer(input) {
  const gate = input.n >= ${SECOND_GATE_AT} ? ${JSON.stringify(gate(2))} : input.n >= ${FIRST_GATE_AT} ? ${JSON.stringify(gate(1))} : null;
  while (gate && !existsSync(gate)) await sleep(50);
  await sleep(20);
  return input.n % 10 === 0 ? 'wrong' : 'City ' + input.n;
}
`,
  );
  const dataset = Array.from({ length: ITEMS }, (_, n) => JSON.stringify({ id: `live-${n}`, input: { n }, expected: `City ${n}` }));
  writeFileSync(join(dir, 'data.jsonl'), `${dataset.join('\n')}\n`);
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI_BIN, 'evaluate', '--task', join(dir, 'task.mjs'), '--dataset', join(dir, 'data.jsonl'), '--concurrency', '2', '--timeout', '120000',
      '--name', name, '--project', 'live-e2e', '--model', 'gated-task', '--database-url', databaseUrl],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    name,
    open: (n) => writeFileSync(gate(n), ''),
    exited,
    output: () => output,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const runRow = (page: Page, name: string) => page.locator(`tr[data-testid="run-row"][data-run-name="${name}"]`);
const count = async (bar: Locator) => Number(await bar.getAttribute('aria-valuenow'));

test.describe.configure({ timeout: 120_000 });

test('a run started by llm-eval evaluate appears on the runs page, progresses live and completes without a reload', async ({ page, served, shot }) => {
  await page.goto('/');
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  await expect(page.getByTestId('live-indicator')).toHaveText('live');
  let navigations = 0;
  page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);

  const run = startGatedEvaluate(served.databaseUrl, `e2e-live-list-${served.kind}-${Date.now()}`);
  try {
    const row = runRow(page, run.name);
    await expect(row).toBeVisible({ timeout: 30_000 });
    const bar = row.getByRole('progressbar');
    await expect(bar).toBeVisible();
    await expect(row.getByText('running', { exact: true })).toBeVisible();
    // Held at gate 1: at most the first items are stored.
    await expect.poll(() => count(bar), { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await count(bar);
    expect(before).toBeLessThanOrEqual(FIRST_GATE_AT);
    await shot('live-runs-running');

    run.open(1);
    await expect.poll(() => count(bar), { timeout: 30_000 }).toBeGreaterThan(before);
    await expect.poll(() => count(bar), { timeout: 30_000 }).toBeGreaterThanOrEqual(SECOND_GATE_AT - 2);

    run.open(2);
    await expect(row.getByText('completed', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(bar).toHaveCount(0);
    expect(await run.exited, run.output()).toBe(0);
    await shot('live-runs-completed');
    expect(navigations).toBe(0);

    const id = await row.getAttribute('data-run-id');
    expect((await page.request.delete(`/api/v1/runs/${id}`)).ok()).toBe(true);
  } finally {
    run.stop();
  }
});

test('the run page of a running run shows its progress and switches to completed with the final totals', async ({ page, served, shot }) => {
  const run = startGatedEvaluate(served.databaseUrl, `e2e-live-run-${served.kind}-${Date.now()}`);
  try {
    const path = `/api/v1/runs/${encodeURIComponent(run.name)}`;
    await expect.poll(async () => (await page.request.get(path)).status(), { timeout: 30_000 }).toBe(200);
    await page.goto(`/runs/${encodeURIComponent(run.name)}`);
    await expect(page.getByTestId('live-indicator')).toHaveText('live');
    const bar = page.getByRole('progressbar', { name: `Progress of ${run.name}` });
    await expect(bar).toBeVisible();
    await expect(page.getByText('running', { exact: true }).first()).toBeVisible();
    const before = await count(bar);
    await shot('live-run-running');

    run.open(1);
    await expect.poll(() => count(bar), { timeout: 30_000 }).toBeGreaterThan(before);
    run.open(2);
    await expect(page.getByText('completed', { exact: true }).first()).toBeVisible({ timeout: 60_000 });
    await expect(bar).toHaveCount(0);
    // The final totals: every item stored, one in ten answered wrong (exact_match), none failed.
    const items = page.locator('.card', { has: page.getByText('Items', { exact: true }) });
    await expect(items).toContainText(String(ITEMS));
    await expect(items).toContainText('0 failed');
    expect(await run.exited, run.output()).toBe(0);
    await shot('live-run-completed');

    const { id } = (await (await page.request.get(path)).json()) as { id: string };
    expect((await page.request.delete(`/api/v1/runs/${id}`)).ok()).toBe(true);
  } finally {
    run.stop();
  }
});
