import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { initializeDatabase, type Database, type RunWithMetrics } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { cancelRun, queueStatus, submitRun, type DistributedProgress } from '../src';
import {
  BROKEN_TASK_MODULE,
  FIXTURES,
  itemCounts,
  makeItems,
  METRIC_FILE,
  METRICS,
  query,
  requireFreshBuild,
  spawnWorker,
  TASK_MODULE,
  waitFor,
  writeDataset,
  type WorkerProcess,
} from './helpers';

const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

const RETRY = { retries: 3, retryBaseDelayMs: 10, retryMaxDelayMs: 50 };

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  // Migrations first, so the three workers start on a current schema.
  db = await initializeDatabase({ url: pg.url });
  workers = ['w1', 'w2', 'w3'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name }));
  await Promise.all(workers.map((w) => w.ready));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db?.close();
  await pg?.drop();
});

function submit(options: Partial<Parameters<typeof submitRun>[0]> & Pick<Parameters<typeof submitRun>[0], 'dataset'>) {
  return submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    config: RETRY,
    ...options,
  });
}

/** The statistics a run stores: totals and per-metric rows, without timings (which differ run to run). */
function statistics(run: RunWithMetrics) {
  return {
    totals: { total: run.totalItems, successful: run.successfulItems, failed: run.failedItems, successRate: run.successRate, tokens: run.totalTokens, cost: run.totalCost },
    metrics: run.metrics.map(({ runId: _runId, computedAt: _computedAt, ...metric }) => metric),
  };
}

function expectClose(actual: unknown, expected: unknown, where = 'value'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect({ where, diff: Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) }).toEqual({ where, diff: true });
  } else if (expected && typeof expected === 'object' && !Array.isArray(expected) && !(expected instanceof Date)) {
    expect(Object.keys(actual as object).sort()).toEqual(Object.keys(expected).sort());
    for (const key of Object.keys(expected)) expectClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${where}.${key}`);
  } else if (Array.isArray(expected)) {
    expect((actual as unknown[]).length).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${where}[${i}]`));
  } else {
    expect({ where, value: actual }).toEqual({ where, value: expected });
  }
}

test('three workers run every item of a run once; the statistics equal a single-process Evaluator run', async () => {
  // Flaky items fail twice with a RetryableError and then succeed; a few always fail.
  const items = makeItems(300, (n) => ({ delayMs: n % 7, ...(n % 50 === 7 ? { mode: 'flaky', failTimes: 2 } : n % 100 === 13 ? { mode: 'throw' } : {}) }));
  const dataset = writeDataset(items);
  let maxOutstanding = 0;
  const run = await submit({
    dataset,
    maxQueuedItems: 40,
    onProgress: (p) => (maxOutstanding = Math.max(maxOutstanding, p.enqueued - p.done)),
  });
  expect(await run.enqueued).toBe(300);
  const progress = await run.done();
  await run.close();
  expect(progress).toMatchObject({ runId: run.runId, enqueued: 300, total: 300, done: 300, failed: 3, status: 'completed' });
  // Backpressure: never more than maxQueuedItems of the run waiting in Redis.
  expect(maxOutstanding).toBeLessThanOrEqual(40);
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 300, distinct: 300 });
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'completed', writerHost: null, writerPid: null, totalItems: 300, failedItems: 3 });
  // No single writer: the workers kept the heartbeat fresh while they stored items.
  expect(stored.heartbeatAt!.getTime()).toBeGreaterThan(stored.createdAt.getTime());

  const flaky = await query<{ status: string; attempts: number }>(pg.url, `SELECT status, (metadata->>'attempts')::int AS attempts FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) AND item_id = 'item-7'`, [run.runId]);
  expect(flaky).toEqual([{ status: 'completed', attempts: 3 }]);
  const failing = await query(pg.url, `SELECT status, error_message FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) AND item_id = 'item-13'`, [run.runId]);
  expect(failing).toEqual([{ status: 'failed', error_message: 'item 13 always fails' }]);

  const { stdout } = await promisify(execFile)(process.execPath, [path.join(FIXTURES, 'evaluate-local.mjs'), pg.url, dataset, METRICS.join(',')]);
  const local = (await db.runs.getRun(stdout.trim()))!;
  expect(local.status).toBe('completed');
  expect(stored.metrics.map((m) => m.metricName)).toEqual([...METRICS].sort());
  expectClose(statistics(stored), statistics(local), 'statistics');
  // Percentiles exactly, not within a tolerance.
  expect(stored.metrics.map((m) => m.percentiles)).toEqual(local.metrics.map((m) => m.percentiles));
});

test('queueStatus shows a running run with its counts and the workers connected', async () => {
  const run = await submit({ dataset: makeItems(60, () => ({ delayMs: 200 })) });
  // One snapshot taken while the run is under way (some items done, some active): on a loaded machine a second read
  // taken after the first could find the run already finished.
  const status = await waitFor('items done while others run', async () => {
    const snapshot = await queueStatus({ url: redis.url, prefix: redis.prefix });
    return snapshot.runs.some((r) => r.runId === run.runId && r.done > 0 && r.active > 0) && snapshot;
  });
  const entry = status.runs.find((r) => r.runId === run.runId)!;
  expect(entry.total).toBe(60);
  expect(entry.status).toBe('running');
  // The counts are read one after another while workers go on (BullMQ's active jobs, Redis's done counter), so their
  // sum can pass 60 by the items finished in between; each one alone stays within the run.
  for (const count of [entry.waiting, entry.active, entry.done]) {
    expect(count).toBeGreaterThanOrEqual(0);
    expect(count).toBeLessThanOrEqual(60);
  }
  expect(entry.active).toBeGreaterThan(0);
  expect(status.workers.map((w) => w.name).sort()).toEqual(['w1', 'w2', 'w3']);
  await run.done();
  await run.close();
  expect((await queueStatus({ url: redis.url, prefix: redis.prefix })).runs.map((r) => r.runId)).not.toContain(run.runId);
});

test('two runs at once share the workers: both progress together and both complete', async () => {
  const [a, b] = await Promise.all(
    ['a', 'b'].map((name) => submit({ dataset: makeItems(120, () => ({ delayMs: 20 })), maxQueuedItems: 20, run: { name: `two-${name}` } })),
  );
  const [pa, pb] = await Promise.all([a!.done(), b!.done()]);
  await Promise.all([a!.close(), b!.close()]);
  expect([pa.status, pb.status]).toEqual(['completed', 'completed']);
  for (const run of [a!, b!]) expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 120, distinct: 120 });
  const spans = await query<{ run_id: string; first: Date; last: Date }>(
    pg.url,
    'SELECT r.id AS run_id, MIN(i.completed_at) AS first, MAX(i.completed_at) AS last FROM evaluation_items i JOIN evaluation_runs r ON r.run_key = i.run_key WHERE r.id = ANY($1) GROUP BY r.id',
    [[a!.runId, b!.runId]],
  );
  const [sa, sb] = [a!.runId, b!.runId].map((id) => spans.find((s) => s.run_id === id)!);
  // Interleaved: each run's first item finished before the other's last one.
  expect(sa!.first.getTime()).toBeLessThan(sb!.last.getTime());
  expect(sb!.first.getTime()).toBeLessThan(sa!.last.getTime());
});

test('a cancelled run stores nothing more, ends cancelled with the statistics of its stored items, and the workers move on', async () => {
  let latest: DistributedProgress | undefined;
  const run = await submit({ dataset: makeItems(400, () => ({ delayMs: 50 })), maxQueuedItems: 100, onProgress: (p) => (latest = p) });
  await waitFor('30 items done', () => (latest?.done ?? 0) >= 30);
  expect(await cancelRun({ url: redis.url, prefix: redis.prefix }, run.runId, { databaseUrl: pg.url, reason: 'stopped by the test' })).toBe(true);
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('cancelled');
  const atFinal = await itemCounts(pg.url, run.runId);
  expect(atFinal.rows).toBeLessThan(400);
  expect(atFinal.rows).toBe(atFinal.distinct);
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'cancelled', statusReason: 'stopped by the test', totalItems: atFinal.rows });
  await new Promise((r) => setTimeout(r, 1_500));
  expect(await itemCounts(pg.url, run.runId)).toEqual(atFinal);
  // A second cancel changes nothing.
  expect(await cancelRun({ url: redis.url, prefix: redis.prefix }, run.runId, { databaseUrl: pg.url })).toBe(false);

  const next = await submit({ dataset: makeItems(30) });
  expect((await next.done()).status).toBe('completed');
  await next.close();
  expect(await itemCounts(pg.url, next.runId)).toEqual({ rows: 30, distinct: 30 });
});

test('a run whose task a worker cannot load fails with a reason naming the module and the cause; the workers serve the next run', async () => {
  const run = await submit({ dataset: makeItems(50), task: { module: BROKEN_TASK_MODULE } });
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('failed');
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored.status).toBe('failed');
  expect(stored.statusReason).toMatch(/^worker w[123] could not load task .*broken-task\.mjs: OPENAI_API_KEY is not set$/);
  expect(workers.every((w) => w.child.exitCode === null)).toBe(true);
  expect(workers.flatMap((w) => w.events).filter((e) => e.type === 'load-failed' && e.runId === run.runId).length).toBeGreaterThan(0);

  const next = await submit({ dataset: makeItems(20) });
  expect((await next.done()).status).toBe('completed');
  await next.close();
  expect(await itemCounts(pg.url, next.runId)).toEqual({ rows: 20, distinct: 20 });
});

test('a dataset that breaks mid-stream fails the run with the reason; what was queued is skipped', async () => {
  async function* breaking() {
    for (const item of makeItems(10)) yield item;
    throw new Error('the connection to the dataset store dropped');
  }
  const run = await submit({ dataset: breaking() });
  await expect(run.enqueued).rejects.toThrow('the connection to the dataset store dropped');
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('failed');
  expect(await db.runs.getRun(run.runId)).toMatchObject({
    status: 'failed',
    statusReason: 'the dataset could not be read: the connection to the dataset store dropped',
  });
});

test('requestsPerSecond is one limit shared by all three workers: the achieved rate stays within it', async () => {
  const run = await submit({ dataset: makeItems(120), config: { ...RETRY, requestsPerSecond: 20 } });
  expect((await run.done()).status).toBe('completed');
  await run.close();
  // A task of no delay finishes as it starts: completion times are the limiter's start times, give or take metrics.
  const rows = await query<{ at: Date }>(pg.url, 'SELECT completed_at AS at FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) ORDER BY completed_at', [run.runId]);
  const times = rows.map((r) => r.at.getTime());
  expect(times.length).toBe(120);
  const wholeRun = ((times.length - 1) / (times.at(-1)! - times[0]!)) * 1000;
  expect(wholeRun).toBeLessThanOrEqual(20 * 1.1);
  const busiest = (windowMs: number) => {
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (j < times.length && times[j]! < times[i]! + windowMs) j++;
      most = Math.max(most, j - i);
    }
    return most;
  };
  // These are completion times, taken on the workers after the task and its metrics, not the limiter's grants (50 ms
  // apart on Redis's clock): with every package's tests running at once, worker processes wait for a core, and late
  // completions bunch into the next window (CI saw 23 in one second and 62 in three). The issue's bound is "never
  // above the limit by more than one window"; this holds them to half a window over, 30 in any second and 70 in any
  // three, while the whole run stays within 10% of the limit. A limit per worker (or none) runs 60 items a second.
  expect(busiest(1000)).toBeLessThanOrEqual(30);
  expect(busiest(3000)).toBeLessThanOrEqual(70);
});

test('hostile values travel through Redis and the workers intact: NUL, lone surrogates, U+FDD0, a __proto__ key, 1 MB of text', async () => {
  const texts = [
    'nul \u0000 inside',
    'lone high \uD800 and lone low \uDC00',
    'a pair 😀 and the escape \uFDD0 itself, escaped \uFDD00041',
    'quotes " \\ and \\u0000 as text',
    'right-to-left \u202E olleh',
    'x'.repeat(1_000_000),
  ];
  const items = texts.map((text, i) => ({ id: `odd-${i}-\u0000-\uD800`, input: { text, ['__proto__']: { polluted: true }, n: i }, expected: text }));
  // JSON.parse makes "__proto__" an own key, as a dataset file would.
  const dataset = items.map((item) => JSON.parse(JSON.stringify(item)) as (typeof items)[number]);
  expect(Object.keys(dataset[0]!.input)).toContain('__proto__');
  const run = await submit({ dataset, task: { module: path.join(FIXTURES, 'echo-task.mjs') }, metrics: ['exact_match'], metricFiles: [] });
  const progress = await run.done();
  await run.close();
  expect(progress).toMatchObject({ total: texts.length, done: texts.length, failed: 0, status: 'completed' });
  const stored = (await db.runs.listItems(run.runId, { limit: 100 })).items;
  expect(stored.map((i) => i.itemId)).toEqual(dataset.map((i) => i.id));
  for (const [i, item] of stored.entries()) {
    expect(item.actualOutput).toBe(texts[i]);
    expect(item.expectedOutput).toBe(texts[i]);
    expect(item.scores).toEqual({ exact_match: 1 });
    expect(item.input).toEqual(dataset[i]!.input);
    expect(Object.keys(item.input as object)).toContain('__proto__');
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
