import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { Redis } from 'ioredis';
import { submitRun } from '../src';
import { RUN_FIELDS, runKeys } from '../src/run-keys';
import { itemCounts, makeItems, METRICS, queuedItemsOf, TASK_MODULE } from './helpers';

// A submitter cancelled (Ctrl-C, SIGTERM) while no worker serves its queue: a worker's finalize job would finalise the
// run, but there is none, so the submitter finalises it itself and done() resolves. It waited for ever before.
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

test('a run cancelled with no worker alive is finalised as cancelled by its submitter, and done() resolves', async () => {
  const abort = new AbortController();
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: makeItems(50),
    run: { name: 'no-workers' },
    signal: abort.signal,
  });
  await run.enqueued;
  abort.abort();
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('cancelled');
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'cancelled', totalItems: 0 });
  expect(stored.completedAt).not.toBeNull();
  expect((await itemCounts(pg.url, run.runId)).rows).toBe(0);
}, 60_000);

// It finalised the run only SELF_FINALIZE_AFTER_MS (10 s) after the cancel, in case a worker would: Ctrl-C of
// `evaluate --queue` with no worker connected took 10 s to end, and the stored duration ran on to that moment.
test('with no worker connected, the submitter\'s cancel has finalised the run by the time it returns', async () => {
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: makeItems(20),
    run: { name: 'no-workers-at-once' },
  });
  await run.enqueued;
  expect(await queuedItemsOf(redis, run.runId)).toBe(20);
  await run.cancel('stopped by hand');
  const cancelledAt = Date.now();
  const client = new Redis(redis.url);
  try {
    expect(await client.hget(runKeys(redis.prefix, run.runId).hash, RUN_FIELDS.finalized)).toBe('cancelled');
  } finally {
    client.disconnect();
  }
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'cancelled', statusReason: 'stopped by hand', totalItems: 0 });
  expect(stored.completedAt!.getTime()).toBeLessThanOrEqual(cancelledAt);
  expect((await run.done()).status).toBe('cancelled');
  await run.close();
  // Removed once enqueuing stopped: nothing of the run waits in Redis for a worker to skip it.
  expect(await queuedItemsOf(redis, run.runId)).toBe(0);
}, 60_000);
