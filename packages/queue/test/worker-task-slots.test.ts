import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { Client } from 'pg';
import { startWorker, submitRun, type QueueWorker } from '../src';
import { itemCounts, makeItems, TASK_MODULE, waitFor } from './helpers';

const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let worker: QueueWorker | undefined;

const CONCURRENCY = 3;

/** What the worker's task saw: how many items started, how many ran at once now and at most. */
const seen = { started: 0, inFlight: 0, maxInFlight: 0 };

async function countingTask(input: { n: number }): Promise<{ output: string }> {
  seen.started++;
  seen.inFlight++;
  seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
  try {
    await new Promise((r) => setTimeout(r, 20));
    return { output: `answer ${input.n}` };
  } finally {
    seen.inFlight--;
  }
}

beforeAll(async () => {
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  worker = await startWorker({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    name: 'slots',
    concurrency: CONCURRENCY,
    loadTask: async () => countingTask,
  });
});

afterAll(async () => {
  await worker?.close();
  await db?.close();
  await pg?.drop();
});

test('items waiting for their rows to be stored do not hold task slots; tasks in flight never exceed concurrency', async () => {
  // A SHARE lock on the items table blocks every insert (not reads) until this transaction ends: storage is stuck.
  const lock = new Client({ connectionString: pg.url });
  await lock.connect();
  let locked = true;
  try {
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE evaluation_items IN SHARE MODE');
    const run = await submitRun({
      queue: { url: redis.url, prefix: redis.prefix },
      databaseUrl: pg.url,
      task: { module: TASK_MODULE },
      metrics: ['exact_match'],
      dataset: makeItems(30),
    });
    try {
      // With storage stuck, jobs that held their slot until stored would stop the worker at CONCURRENCY tasks.
      await waitFor(`more than ${CONCURRENCY} tasks started while storage is blocked`, () => seen.started > CONCURRENCY);
      await waitFor(`${2 * CONCURRENCY} tasks started`, () => seen.started >= 2 * CONCURRENCY);
      await new Promise((r) => setTimeout(r, 500));
      // A worker holds at most twice its concurrency of items: the rest stay in the queue for other workers.
      expect(seen.started).toBe(2 * CONCURRENCY);
      expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 0, distinct: 0 });

      await lock.query('COMMIT');
      locked = false;
      const progress = await run.done();
      expect(progress).toMatchObject({ status: 'completed', done: 30 });
      expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 30, distinct: 30 });
      expect(seen.started).toBe(30);
      expect(seen.maxInFlight).toBe(CONCURRENCY);
    } finally {
      await run.close();
    }
  } finally {
    if (locked) await lock.query('ROLLBACK').catch(() => undefined);
    await lock.end();
  }
});
