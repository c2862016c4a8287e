import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database, type ItemRecord, type RunMetricRecord } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor } from './cli-process';

// A real `llm-eval evaluate` killed with SIGKILL mid-run: no handler runs, so only the writer's recorded pid and
// heartbeat can tell readers the run is over, and `runs recover` must settle it from the items it stored.
const ITEMS = 300;
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-interrupted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'slow.jsonl');
writeFileSync(dataset, Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: `q${i}`, input: `x${i}`, expected: `x${i}` })).join('\n'));
const task = path.join(dir, 'slow.mjs');
writeFileSync(
  task,
  // The first 100 items take 20 ms each; later ones hang (longer than any test), so the run is still going, however
  // slow the machine, until the test kills it.
  `export default async (input) => {
     const n = Number(input.slice(1));
     await new Promise((resolve) => setTimeout(resolve, n < 100 ? 20 : 600_000));
     if (n % 7 === 3) throw new Error('model refused');
     return { output: n % 3 === 0 ? 'other' : input, tokens: 10 + (n % 5), cost: 0.0001 };
   };`,
);

async function allItems(db: Database, runId: string): Promise<ItemRecord[]> {
  const items: ItemRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await db.runs.listItems(runId, { limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const strip = ({ runId: _r, computedAt: _c, ...rest }: RunMetricRecord) => rest;

describe.each(DATABASE_KINDS)('an evaluate process killed with SIGKILL on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('shows its run as abandoned with the stored item count, and runs recover settles it from the stored items', async () => {
    const url = database.url;
    const evaluate = startCli(
      ['evaluate', '--task', task, '--dataset', dataset, '--name', 'killed', '--concurrency', '2', '--metrics', 'exact_match,contains', '--timeout', '900000', '--database-url', url],
      { killAfterMs: 120_000 },
    );
    const db = await initializeDatabase({ url });
    try {
      let runId = '';
      await waitFor('the first stored items', async () => {
        const { runs } = await db.runs.listRuns({ limit: 1 });
        runId = runs[0]?.id ?? '';
        return runId !== '' && (await db.runs.listItems(runId, { limit: 1 })).total >= 20;
      });

      // While the writer lives: running, and recovery refuses.
      const live = await runCli(['runs', 'list', '--status', 'running', '--json', '--database-url', url]);
      expect(JSON.parse(live.stdout).runs.map((r: { id: string }) => r.id)).toEqual([runId]);
      const refused = await runCli(['runs', 'recover', runId.slice(0, 8), '--json', '--database-url', url]);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({ recovered: [], skipped: [{ runId, error: expect.stringMatching(/may still be in progress.*--force/) }] });

      evaluate.child.kill('SIGKILL');
      const ended = await evaluate.exited;
      expect(ended.signal).toBe('SIGKILL');
      const stored = await allItems(db, runId);
      expect(stored.length).toBeGreaterThanOrEqual(20);
      expect(stored.length).toBeLessThan(ITEMS);

      const listed = await runCli(['runs', 'list', '--json', '--database-url', url]);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout).runs).toEqual([
        expect.objectContaining({ id: runId, status: 'abandoned', totalItems: stored.length, writerPid: evaluate.child.pid }),
      ]);
      const abandoned = await runCli(['runs', 'list', '--status', 'abandoned', '--json', '--database-url', url]);
      expect(JSON.parse(abandoned.stdout).total).toBe(1);
      const shown = await runCli(['runs', 'show', runId, '--json', '--database-url', url]);
      expect(JSON.parse(shown.stdout).run).toMatchObject({ status: 'abandoned', totalItems: stored.length });
      // Its duration is unknown, not "0 ms", in the table and in the summary.
      const table = await runCli(['runs', 'list', '--database-url', url]);
      expect(table.stdout).toMatch(new RegExp(`${runId.slice(0, 8)} │ killed +│ abandoned │.*│ ${stored.length} +│ – +│`));
      const summary = await runCli(['runs', 'show', runId, '--database-url', url]);
      expect(summary.stdout).toMatch(/duration +– \(started /);

      const deleting = await runCli(['runs', 'delete', runId, '--database-url', url]);
      expect(deleting.code).toBe(2); // not on a terminal and no --yes: it only shows what it would delete
      expect(deleting.stdout).toContain(`killed  ${stored.length} items · abandoned`);

      const dry = await runCli(['runs', 'recover', '--dry-run', '--database-url', url]);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`would recover ${runId.slice(0, 8)}  killed  ${stored.length} items → failed`);
      expect((await db.runs.requireRun(runId)).status).toBe('abandoned');

      const recovered = await runCli(['runs', 'recover', '--json', '--database-url', url]);
      expect({ code: recovered.code, stderr: recovered.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(recovered.stdout)).toMatchObject({
        dryRun: false,
        recovered: [{ runId, name: 'killed', items: stored.length, status: 'failed', reason: expect.stringMatching(/^interrupted: /) }],
        skipped: [],
      });

      // Totals and statistics equal what computeRunMetrics derives from the same stored items.
      const run = await db.runs.requireRun(runId);
      const copy = await db.runs.importRun({ name: 'recomputed', status: 'completed', metricsUsed: run.metricsUsed }, stored);
      expect(run.status).toBe('failed');
      expect(run.statusReason).toMatch(new RegExp(`process ${evaluate.child.pid} .*from ${stored.length} stored item`));
      for (const field of ['totalItems', 'successfulItems', 'failedItems', 'successRate', 'avgResponseTime', 'minResponseTime', 'maxResponseTime', 'totalTokens'] as const) {
        expect([field, run[field]]).toEqual([field, copy[field]]);
      }
      expect(run.totalCost).toBeCloseTo(copy.totalCost, 12);
      expect(run.failedItems).toBeGreaterThan(0);
      expect(run.metrics.map(strip)).toEqual(copy.metrics.map(strip));
      expect(run.metrics.map((m) => m.metricName)).toEqual(['contains', 'exact_match']);
      const first = Math.min(...stored.map((i) => i.startedAt!.getTime()));
      const last = Math.max(...stored.map((i) => i.completedAt!.getTime()));
      expect(run.startedAt!.getTime()).toBe(first);
      expect(run.completedAt!.getTime()).toBe(last);
      expect(run.durationSeconds).toBeCloseTo((last - first) / 1000, 6);

      const again = await runCli(['runs', 'recover', '--database-url', url]);
      expect({ code: again.code, stdout: again.stdout }).toEqual({ code: 0, stdout: 'No abandoned runs.\n' });
    } finally {
      if (evaluate.child.exitCode === null && evaluate.child.signalCode === null) evaluate.child.kill('SIGKILL');
      await db.close();
    }
  }, 180_000);

  it('judges a writer on another host by its heartbeat, with LLM_EVAL_HEARTBEAT_TIMEOUT', async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      const remote = await db.runs.createRun({
        name: 'remote',
        writerHost: 'ci-runner-42.example',
        writerPid: 4242,
        heartbeatAt: new Date(Date.now() - 10 * 60_000),
      });
      const status = async (env: Record<string, string | undefined>) => {
        const listed = await runCli(['runs', 'list', '--json', '--database-url', database.url], { env });
        return JSON.parse(listed.stdout).runs.find((r: { id: string }) => r.id === remote.id).status;
      };
      expect(await status({ LLM_EVAL_HEARTBEAT_TIMEOUT: undefined })).toBe('abandoned');
      expect(await status({ LLM_EVAL_HEARTBEAT_TIMEOUT: '1h' })).toBe('running');
      await db.runs.deleteRun(remote.id);
    } finally {
      await db.close();
    }
  });

  it('refuses to recover a finished run, and reports it', async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      const done = await db.runs.createRun({ name: 'done', status: 'completed' });
      const result = await runCli(['runs', 'recover', done.id, '--database-url', database.url]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`skipped ${done.id.slice(0, 8)}  run ${done.id} is completed, not running: nothing to recover`);
    } finally {
      await db.close();
    }
  });
});
