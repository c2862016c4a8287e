import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { ConfigError, Evaluator, type ProgressEvent } from '@llm-eval/evaluator';
import { summarize } from '@llm-eval/stats';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { DistributedSqliteError, queueExecutor } from '../src';
import { FIXTURES, itemCounts, makeItems, METRIC_FILE, METRICS, query, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, writeDataset, type WorkerProcess } from './helpers';

const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  workers = ['x1', 'x2'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name }));
  await Promise.all(workers.map((w) => w.ready));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db?.close();
  await pg?.drop();
});

function executor() {
  return queueExecutor({ queue: { url: redis.url, prefix: redis.prefix }, task: { module: TASK_MODULE }, metricFiles: [METRIC_FILE], maxQueuedItems: 50 });
}

function expectClose(actual: unknown, expected: unknown, where = 'value'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect({ where, diff: Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) }).toEqual({ where, diff: true });
  } else if (expected && typeof expected === 'object') {
    expect({ where, keys: Object.keys(actual as object).sort() }).toEqual({ where, keys: Object.keys(expected).sort() });
    for (const key of Object.keys(expected)) expectClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${where}.${key}`);
  } else {
    expect({ where, value: actual }).toEqual({ where, value: expected });
  }
}

test('config.executor runs the evaluation on the workers; the result equals an in-process run of the same dataset', async () => {
  const items = makeItems(200, (n) => ({ delayMs: n % 5, ...(n % 50 === 7 ? { mode: 'flaky', failTimes: 2 } : n % 100 === 13 ? { mode: 'throw' } : {}) }));
  const dataset = writeDataset(items);
  const events: ProgressEvent[] = [];
  const evaluator = new Evaluator({
    dataset,
    metrics: METRICS,
    config: { executor: executor(), databaseUrl: pg.url, runName: 'on-the-queue', projectId: 'queue-exec', tags: ['dist'], retries: 3, retryBaseDelayMs: 10, retryMaxDelayMs: 50 },
  });
  const result = await evaluator.run({ onProgress: (e) => events.push(e) });

  expect(result.status).toBe('completed');
  expect(result.itemsKept).toBe(false);
  expect(result.items).toEqual([]);
  expect(result.runId).toBeDefined();
  expect(evaluator.databaseRunId).toBe(result.runId);
  expect(result.runName).toBe('on-the-queue');
  expect(await itemCounts(pg.url, result.runId!)).toEqual({ rows: 200, distinct: 200 });
  const stored = (await db.runs.getRun(result.runId!))!;
  expect(stored).toMatchObject({ status: 'completed', name: 'on-the-queue', projectId: 'queue-exec', tags: ['dist'], totalItems: 200, failedItems: 2 });

  // Events: started (with the run id) first, counts that only go up, completed last.
  expect(events[0]).toMatchObject({ type: 'started', runName: 'on-the-queue', runId: result.runId });
  expect(events.at(-1)).toMatchObject({ type: 'completed' });
  const progress = events.filter((e): e is Extract<ProgressEvent, { type: 'progress' }> => e.type === 'progress');
  expect(progress.length).toBeGreaterThan(0);
  for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);

  // The summary equals the same evaluation run in one process, in memory.
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(FIXTURES, 'evaluate-local-summary.mjs'), dataset, METRICS.join(',')]);
  const local = JSON.parse(stdout);
  const { totalItems, successfulItems, failedItems, successRate, metricStats, usage } = result;
  expectClose({ totalItems, successfulItems, failedItems, successRate, metricStats, usage }, local, 'summary');

  // Timing: the stored items' response times, by @llm-eval/stats (percentile_cont in SQL is the same interpolation).
  const times = (await query<{ t: number }>(pg.url, 'SELECT response_time AS t FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1)', [result.runId])).map((r) => Number(r.t));
  const s = summarize(times)!;
  expectClose(result.timing, { mean: s.mean, median: s.median, min: s.min, max: s.max, p95: s.percentiles.p95, totalSeconds: times.reduce((a, b) => a + b, 0) }, 'timing');
  expect(() => result.toJSON()).toThrow(/not kept|ItemsNotKept|export/i);
});

// The workers counted the values they cut (past maxValueChars) and the submitter's final progress had the count, but
// the Evaluator's result through config.executor had no valuesCut: a local run's result.valuesCut says how many.
test('result.valuesCut counts the values the workers cut, as a local run does; 0 when none is cut', async () => {
  // Every third item's input is 5,000 characters long: 4 of 12 cut at a limit of 1,000.
  const cut = await new Evaluator({
    dataset: makeItems(12, (n) => (n % 3 === 0 ? { text: 'x'.repeat(5_000) } : {})),
    metrics: METRICS,
    config: { executor: executor(), databaseUrl: pg.url, runName: 'cut-on-the-queue', maxValueChars: 1_000 },
  }).run();
  expect(cut.status).toBe('completed');
  expect(cut.valuesCut).toBe(4);
  const none = await new Evaluator({ dataset: makeItems(5), metrics: METRICS, config: { executor: executor(), databaseUrl: pg.url, runName: 'nothing-cut-on-the-queue' } }).run();
  expect(none.valuesCut).toBe(0);
});

test("aborting the run's signal cancels it on every worker; it is stored as cancelled", async () => {
  const controller = new AbortController();
  const evaluator = new Evaluator({ dataset: makeItems(400, () => ({ delayMs: 40 })), metrics: METRICS, config: { executor: executor(), databaseUrl: pg.url } });
  const running = evaluator.run({
    signal: controller.signal,
    onProgress: (e) => {
      if (e.type === 'progress' && e.done >= 20) controller.abort();
    },
  });
  const result = await running;
  expect(result.status).toBe('cancelled');
  const stored = await waitFor('stored as cancelled', async () => {
    const run = await db.runs.getRun(result.runId!);
    return run?.status === 'cancelled' ? run : undefined;
  });
  expect(stored.totalItems).toBeLessThan(400);
  expect(result.totalItems).toBe(stored.totalItems);
});

test('what cannot travel to the workers is refused before anything is submitted', async () => {
  const runsBefore = (await db.runs.listRuns({ limit: 1 })).total;
  const base = { dataset: makeItems(3), config: { executor: executor(), databaseUrl: pg.url } };
  expect(() => new Evaluator({ ...base, task: async () => 'x', metrics: METRICS })).toThrow(ConfigError);
  expect(() => new Evaluator({ ...base, task: async () => 'x', metrics: METRICS })).toThrow(/workers load the task/);
  await expect(new Evaluator({ ...base, metrics: [() => 1] }).run()).rejects.toThrow(/metrics\[0\] is a function.*by name/);
  await expect(new Evaluator({ ...base, metrics: METRICS, config: { ...base.config, keepItems: true } }).run()).rejects.toThrow(/keepItems: true cannot be used/);
  await expect(new Evaluator({ ...base, metrics: METRICS, config: { ...base.config, storeRuns: false } }).run()).rejects.toThrow(/storeRuns: false cannot/);
  await expect(
    new Evaluator({ ...base, metrics: METRICS, config: { executor: executor(), databaseUrl: 'sqlite:///tmp/x.db' } }).run(),
  ).rejects.toThrow(DistributedSqliteError);
  // Checked where the Evaluator is built, as every option is.
  expect(() => new Evaluator({ ...base, metrics: METRICS, config: { executor: {} as never } })).toThrow(/config.executor must be an object with execute/);
  expect(() => queueExecutor({ queue: { url: 'redis://:hunter2@[bad' }, task: { module: TASK_MODULE } })).toThrow(/queue/);
  try {
    queueExecutor({ queue: { url: 'redis://:hunter2@[bad' }, task: { module: TASK_MODULE } });
  } catch (error) {
    expect(String((error as Error).message)).not.toContain('hunter2');
  }
  // Nothing reached the database.
  expect((await db.runs.listRuns({ limit: 1 })).total).toBe(runsBefore);
});

test('config.executor reports the dataset warnings an in-process run reports, before the run exists', async () => {
  // An "answer" field the evaluator ignores, and no expected values although exact_match compares with them.
  const dataset = writeDataset(makeItems(6).map(({ id, input }) => ({ id, input, answer: 'x' }) as { id: string; input: unknown }));
  // digit_ratio lives in the workers' metric file; it does not compare with expected values.
  const local = new Evaluator({ task: () => 'x', dataset, metrics: METRICS.filter((m) => m !== 'digit_ratio'), config: { storeRuns: false } });
  const localWarnings: string[] = [];
  await local.run({ onProgress: (e) => e.type === 'warning' && localWarnings.push(e.warning.message) });
  expect(localWarnings.length).toBe(2);

  const events: ProgressEvent[] = [];
  const evaluator = new Evaluator({ dataset, metrics: METRICS, config: { executor: executor(), databaseUrl: pg.url, runName: 'warned-on-the-queue' } });
  const result = await evaluator.run({ onProgress: (e) => events.push(e) });
  expect(result.status).toBe('completed');
  expect(events.filter((e) => e.type === 'warning').map((e) => (e as Extract<ProgressEvent, { type: 'warning' }>).warning.message)).toEqual(localWarnings);
  // Told before the run started.
  const firstStarted = events.findIndex((e) => e.type === 'started');
  expect(events.findIndex((e) => e.type === 'warning')).toBeLessThan(firstStarted);
});
