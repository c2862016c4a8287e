import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { Redis } from 'ioredis';
import { submitRun } from '../src';
import { runKeys } from '../src/run-keys';
import { makeItems, METRICS, TASK_MODULE } from './helpers';

// A run deleted from the database while its submitter waited (`runs delete --force`): nothing told the submitter,
// which waited until an item in flight ended and its worker found the run gone (30 s at the default timeout, never
// while no item ends). The submitter now looks for its run every second: done() rejects with RunNotFoundError, and the
// run is cancelled and finalised in Redis, so the workers drop its items.
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

test('done() rejects with RunNotFoundError once the run is deleted, and Redis marks it cancelled and finalised', async () => {
  // No worker: the items wait in the queue, so nothing but the submitter can notice the deletion.
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: makeItems(20),
    run: { name: 'deleted-while-waiting' },
  });
  await run.enqueued;
  await db.runs.deleteRun(run.runId);
  await expect(run.done()).rejects.toMatchObject({ name: 'RunNotFoundError', runId: run.runId });
  await run.close();
  const client = new Redis(redis.url);
  try {
    const [cancelled, finalized] = await client.hmget(runKeys(redis.prefix, run.runId).hash, 'cancelled', 'finalized');
    expect(cancelled).toBe('1');
    expect(finalized).toBe('deleted');
  } finally {
    client.disconnect();
  }
}, 30_000);
