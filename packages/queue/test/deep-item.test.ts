import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { appendFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { queueStatus, submitRun } from '../src';
import { itemCounts, makeItems, METRICS, query, requireFreshBuild, spawnWorker, TASK_MODULE, writeDataset, type WorkerProcess } from './helpers';

// A dataset item nested 5,000 levels deep could not be enqueued: BullMQ threw "Maximum call stack size exceeded"
// serialising it, the submitter retried that for its whole Redis patience as if Redis were down, then gave up with
// "Check that the queue's Redis is running": no item ran, the database said failed while `queue status` said running.
// Items are now cut to storage's depth (500 levels) before they are enqueued, as a local run records them, and counted.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let worker: WorkerProcess;

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  worker = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'deep-1', concurrency: 3 });
  await worker.ready;
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await db?.close();
  await pg?.drop();
});

function depthOf(value: unknown): number {
  let depth = 0;
  while (Array.isArray(value)) {
    value = value[0];
    depth++;
  }
  return depth;
}

test('an item nested 5,000 levels deep is enqueued cut to 500 levels and counted; every other item runs', async () => {
  // Written as text: JSON.stringify of 5,000 levels overflows the test's own stack.
  const file = writeDataset(makeItems(5));
  appendFileSync(file, `{"id":"deep","input":${'['.repeat(5_000)}"leaf"${']'.repeat(5_000)},"expected":"x"}\n`);
  const warnings: Array<{ message: string; reason: string }> = [];
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: file,
    // Short, so the old behaviour (retrying a non-Redis error for the whole patience) fails in seconds.
    redisPatienceMs: 3_000,
    onValueCut: (warning) => warnings.push(warning),
    run: { name: 'deep-item' },
  });
  expect(await run.enqueued).toBe(6);
  const final = await run.done();
  await run.close();
  expect(final.status).toBe('completed');
  expect(final.done).toBe(6);
  expect(final.valuesCut).toBe(1);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.reason).toBe('depth');
  expect(warnings[0]!.message).toContain('item "deep": its input is nested deeper than 500 levels (kept to that depth)');
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 6, distinct: 6 });
  const [deep] = await query<{ input: unknown }>(pg.url, `SELECT input FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) AND item_id = 'deep'`, [run.runId]);
  const stored = typeof deep!.input === 'string' ? JSON.parse(deep!.input) : deep!.input;
  expect(depthOf(stored)).toBe(500);
  expect(JSON.stringify(stored)).toContain('[Truncated: nested deeper than 500 levels]');
}, 60_000);

test('an item holding a value JSON cannot serialise (a BigInt) is enqueued as a local run records it, not failed with the run', async () => {
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: [{ id: 'bigint', input: { n: 1, big: 12345678901234567890n }, expected: 'x' }, ...makeItems(3)],
    redisPatienceMs: 3_000,
    run: { name: 'bigint-item' },
  });
  expect(await run.enqueued).toBe(4);
  const final = await run.done();
  await run.close();
  expect(final.status).toBe('completed');
  expect(final.done).toBe(4);
  expect(final.valuesCut).toBe(0);
  const [row] = await query<{ input: unknown }>(pg.url, `SELECT input FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) AND item_id = 'bigint'`, [run.runId]);
  const stored = typeof row!.input === 'string' ? JSON.parse(row!.input) : row!.input;
  expect(stored).toEqual({ n: 1, big: '12345678901234567890' });
}, 60_000);

test('an error of a Redis step that is not about reaching Redis is not retried; the run fails in the database and in Redis alike', async () => {
  // A dataset whose second chunk's backpressure check meets a key of the wrong type: a WRONGTYPE reply, not an outage.
  // The later items come only once the test has replaced the hash (not after a fixed time a loaded machine outlasts).
  let hashReplaced!: () => void;
  const replaced = new Promise<void>((resolve) => (hashReplaced = resolve));
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: (async function* () {
      yield* makeItems(2);
      await replaced;
      yield* makeItems(2).map((item) => ({ ...item, id: `late-${item.id}` }));
    })(),
    maxQueuedItems: 2,
    redisPatienceMs: 120_000,
    run: { name: 'wrong-type' },
  });
  // The run's hash replaced by a list while the dataset streams: HMGET on it fails with WRONGTYPE at once.
  const client = new Redis(redis.url);
  const hash = `${redis.prefix}:run:${run.runId}`;
  await client.multi().del(hash).rpush(hash, 'not a hash').exec();
  hashReplaced();
  // Told at once (the test's timeout is half the patience), as what it is.
  await expect(run.enqueued).rejects.toThrow(/WRONGTYPE/);
  await expect(run.enqueued).rejects.not.toThrow(/Check that the queue's Redis is running/);
  // done() rejects once the run is stored failed and settled in Redis.
  await expect(run.done()).rejects.toThrow(/WRONGTYPE/);
  await client.del(hash);
  client.disconnect();
  const [row] = await query<{ status: string; status_reason: string }>(pg.url, 'SELECT status, status_reason FROM evaluation_runs WHERE id = $1', [run.runId]);
  expect(row!.status).toBe('failed');
  expect(row!.status_reason).toMatch(/WRONGTYPE/);
  const status = await queueStatus({ url: redis.url, prefix: redis.prefix });
  expect(status.runs.find((r: { runId: string }) => r.runId === run.runId)).toBeUndefined();
  await run.close();
}, 60_000);
