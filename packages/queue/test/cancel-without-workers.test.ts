import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { itemCounts, makeItems, METRICS, TASK_MODULE } from './helpers';

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
