import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { FIXTURES, makeItems, query, requireFreshBuild, spawnWorker, type WorkerProcess } from './helpers';

// On a worker, an item whose task answered at once was recorded as TaskTimeoutError when another item's task held the
// thread past the timeout: its answer was delivered only after the hold, and the hold was counted against it. As the
// local Evaluator does for the run's own work, time another item's task held the thread is not this item's.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let worker: WorkerProcess;

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  // The hold is longer than the tests' short lock: the lock must outlast it, or the item would be taken for stalled.
  worker = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'held', concurrency: 10, lockDurationMs: 15_000 });
  await worker.ready;
});

afterAll(async () => {
  await worker?.stop();
  await db?.close();
  await pg?.drop();
});

test("only the items whose own task ran past the timeout time out, not the items that answered during another's hold", async () => {
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: path.join(FIXTURES, 'blocking-task.mjs') },
    metrics: ['exact_match'],
    // item-9's own synchronous part and its wait are under the timeout each, and over it together.
    dataset: makeItems(20, (n) => (n === 4 ? { blockMs: 2_500 } : n === 9 ? { blockMs: 600, thenMs: 600 } : {})),
    config: { timeoutMs: 1_000 },
  });
  expect((await run.done()).status).toBe('completed');
  await run.close();
  const failed = await query<{ item_id: string; error_type: string }>(
    pg.url,
    `SELECT item_id, error_type FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) AND status <> 'completed' ORDER BY item_id`,
    [run.runId],
  );
  expect(failed).toEqual([
    { item_id: 'item-4', error_type: 'TaskTimeoutError' },
    { item_id: 'item-9', error_type: 'TaskTimeoutError' },
  ]);
});
