import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { FIXTURES, itemCounts, makeItems, query, requireFreshBuild, spawnWorker, type WorkerProcess } from './helpers';

// A task stuck in a synchronous endless loop wedged the worker running it, and each lock expiry handed the item to the
// next worker, which wedged too: the run never ended and every wedged worker looked alive. Now a watchdog thread stops
// a worker whose event loop stood still past its limit (one line on stderr naming the item, then SIGKILL), and the item
// is stored as failed once it stopped three workers, as an item that crashes its worker is.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db?.close();
  await pg?.drop();
});

test('workers wedged by an endless loop stop themselves; the item is stored as failed and the run completes', async () => {
  workers = ['wd1', 'wd2', 'wd3', 'wd4'].map((name) =>
    spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, concurrency: 2, watchdogMs: 2_000 }),
  );
  await Promise.all(workers.map((w) => w.ready));
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: path.join(FIXTURES, 'endless-loop-task.mjs') },
    metrics: ['exact_match'],
    dataset: makeItems(8, (n) => (n === 3 ? { loop: true } : {})),
    config: { timeoutMs: 500 },
  });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the run did not end within 60 s')), 60_000).unref());
  try {
    expect((await Promise.race([run.done(), timeout])).status).toBe('completed');
  } finally {
    await run.cancel().catch(() => undefined);
    await run.close();
  }
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 8, distinct: 8 });
  const [looped] = await query<{ error_type: string }>(
    pg.url,
    `SELECT error_type FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) AND item_id = 'item-3'`,
    [run.runId],
  );
  expect(looped).toEqual({ error_type: 'WorkerLostError' });
  // The third worker to take the item can still be wedged when the run completes (its lock expired first): its
  // watchdog ends it within its limit.
  const deadline = Date.now() + 20_000;
  while (workers.filter((w) => w.child.signalCode === 'SIGKILL').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const killed = workers.filter((w) => w.child.signalCode === 'SIGKILL');
  expect(killed).toHaveLength(3);
  for (const worker of killed) {
    expect(worker.stderr()).toMatch(
      new RegExp(`^worker ${worker.name}: the event loop has not turned for \\d+ s \\(limit 2 s\\): a task or metric is stuck in synchronous code \\([^)]*run ${run.runId} item item-3`, 'm'),
    );
  }
  expect(workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null)).toHaveLength(1);
});
