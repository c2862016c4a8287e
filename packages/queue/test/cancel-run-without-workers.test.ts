import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { Redis } from 'ioredis';
import { cancelRun, submitRun } from '../src';
import { RUN_FIELDS, runKeys } from '../src/run-keys';
import { makeItems, METRICS, TASK_MODULE } from './helpers';

// `llm-eval runs cancel --queue` (cancelRun) of a detached run while no worker serves the queue: the run was stored as
// cancelled, but its statistics, totals and end came only with a worker's finalize job, so with no worker it stayed
// cancelled without an end or totals until one started. The canceller now finalises it itself.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;

beforeAll(async () => {
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

  expect(await cancelRun(queue, run.runId, { databaseUrl: pg.url, reason: 'nobody serves this queue' })).toBe(true);

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
