import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, listKeys, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { cancelRun, submitRun } from '../src';
import { RUN_FIELDS, runKeys } from '../src/run-keys';
import { makeItems, METRICS, query, queuedItemsOf, requireFreshBuild, TASK_MODULE } from './helpers';

// `llm-eval runs cancel --queue` (cancelRun) of a detached run while no worker serves the queue: the run was stored as
// cancelled, but its statistics, totals and end came only with a worker's finalize job, so with no worker it stayed
// cancelled without an end or totals until one started. The canceller now finalises it itself.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

/** A run submitted and left (detached): running in the database, its items queued, no worker serving them. */
async function detachedRun(name: string, items: number) {
  const queue = { url: redis.url, prefix: redis.prefix };
  const run = await submitRun({ queue, databaseUrl: pg.url, task: { module: TASK_MODULE }, metrics: METRICS.slice(0, 1), dataset: makeItems(items), run: { name } });
  await run.enqueued;
  await run.close();
  return { queue, run };
}

test('a detached run cancelled with no worker connected is finalised at once, with the statistics of its stored items', async () => {
  const { queue, run } = await detachedRun('detached, no workers', 20);
  expect((await db.runs.getRun(run.runId))?.status).toBe('running');
  // Items a worker stored before it went away.
  const at = new Date();
  await db.runs.addItems(
    run.runId,
    [0, 1, 2].map((n) => ({ itemId: `item-${n}`, sequenceNumber: n, status: 'completed' as const, startedAt: at, completedAt: at, responseTime: 0.1, scores: { exact_match: n === 2 ? 0 : 1 } })),
  );

  expect(await queuedItemsOf(redis, run.runId)).toBe(20);
  expect(await cancelRun(queue, run.runId, { databaseUrl: pg.url, reason: 'nobody serves this queue' })).toBe(true);
  // Its items are gone from Redis: none waits there for a worker to skip it (queue status said "empty" above them).
  expect(await queuedItemsOf(redis, run.runId)).toBe(0);

  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'cancelled', statusReason: 'nobody serves this queue', totalItems: 3, successfulItems: 3 });
  expect(stored.completedAt).not.toBeNull();
  expect(stored.metrics.find((m) => m.metricName === 'exact_match')).toMatchObject({ totalEvaluated: 3, mean: 2 / 3 });
  const client = new Redis(redis.url);
  try {
    expect(await client.hget(runKeys(redis.prefix, run.runId).hash, RUN_FIELDS.finalized)).toBe('cancelled');
  } finally {
    client.disconnect();
  }
}, 60_000);

test('a cancel whose own finalising fails still stands and succeeds, its finalize job left for the next worker', async () => {
  const { queue, run } = await detachedRun('finalising fails', 5);
  // Storing the statistics fails, as a database error in the middle of finalising would.
  await db.dataSource.query(`CREATE FUNCTION llm_eval_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'statistics refused'; END $$`);
  await db.dataSource.query(`CREATE TRIGGER llm_eval_test_refuse BEFORE INSERT OR UPDATE ON "run_metrics" FOR EACH ROW EXECUTE FUNCTION llm_eval_test_refuse()`);
  try {
    expect(await cancelRun(queue, run.runId, { databaseUrl: pg.url, reason: 'cancelled anyway' })).toBe(true);
  } finally {
    await db.dataSource.query(`DROP TRIGGER llm_eval_test_refuse ON "run_metrics"`);
    await db.dataSource.query(`DROP FUNCTION llm_eval_test_refuse()`);
  }
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'cancelled', statusReason: 'cancelled anyway' });
  expect(stored.completedAt).toBeNull();
  const client = new Redis(redis.url);
  try {
    const keys = runKeys(redis.prefix, run.runId);
    expect(await client.hget(keys.hash, RUN_FIELDS.finalized)).toBeNull();
    expect(await client.exists(`${redis.prefix}:items:${keys.finalizeJobId}`)).toBe(1);
  } finally {
    client.disconnect();
  }
}, 60_000);

test('two processes cancelling the run at once with no worker: one cancel, one "not running", and it is finalised once', async () => {
  const { queue, run } = await detachedRun('cancelled twice at once', 10);
  const at = new Date();
  await db.runs.addItems(
    run.runId,
    [0, 1].map((n) => ({ itemId: `item-${n}`, sequenceNumber: n, status: 'completed' as const, startedAt: at, completedAt: at, responseTime: 0.1, scores: { exact_match: n } })),
  );
  // Each process is the built package's cancelRun, as `llm-eval runs cancel --queue` runs it.
  const script = `
    import { cancelRun } from ${JSON.stringify(pathToFileURL(path.join(__dirname, '../dist/index.js')).href)};
    const [queue, runId, databaseUrl, reason] = JSON.parse(process.argv[1]);
    console.log(JSON.stringify(await cancelRun(queue, runId, { databaseUrl, reason })));
  `;
  const cancel = (reason: string) =>
    promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, JSON.stringify([queue, run.runId, pg.url, reason])], { timeout: 60_000 }).then(({ stdout }) => JSON.parse(stdout) as boolean);
  const answers = await Promise.all([cancel('first'), cancel('second')]);
  expect(answers.sort()).toEqual([false, true]);

  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'cancelled', totalItems: 2, successfulItems: 2 });
  expect(['first', 'second']).toContain(stored.statusReason);
  expect(stored.completedAt).not.toBeNull();
  // Finalised once: one statistics row per metric, its mean that of the two stored items.
  const metrics = await query<{ metric_name: string; mean: number }>(
    pg.url,
    'SELECT metric_name, mean FROM run_metrics WHERE run_id = $1',
    [run.runId],
  );
  expect(metrics).toEqual([{ metric_name: 'exact_match', mean: 0.5 }]);
  const client = new Redis(redis.url);
  try {
    expect(await client.hget(runKeys(redis.prefix, run.runId).hash, RUN_FIELDS.finalized)).toBe('cancelled');
  } finally {
    client.disconnect();
  }
}, 120_000);

// With the wrong --queue-prefix the cancel went through: the run was finalised as if no worker served it, keys were
// written under that prefix, and the command reported success.
test('a run this queue does not have (another key prefix) is left alone in Redis and in the database, and said so', async () => {
  const { run } = await detachedRun('other prefix', 4);
  const wrongPrefix = `${redis.prefix}-elsewhere`;
  const notes: string[] = [];
  expect(await cancelRun({ url: redis.url, prefix: wrongPrefix }, run.runId, { databaseUrl: pg.url, onNotQueued: (message) => notes.push(message) })).toBe(false);
  expect(notes).toEqual([expect.stringContaining(`run ${run.runId} is not on this queue (key prefix "${wrongPrefix}"`)]);
  expect(await listKeys(redis.url, wrongPrefix)).toEqual([]);
  expect((await db.runs.getRun(run.runId))?.status).toBe('running');
  expect(await queuedItemsOf(redis, run.runId)).toBe(4);
  // With its own prefix it is cancelled, and its items leave the queue.
  expect(await cancelRun({ url: redis.url, prefix: redis.prefix }, run.runId, { databaseUrl: pg.url })).toBe(true);
  expect(await queuedItemsOf(redis, run.runId)).toBe(0);
}, 60_000);
