import { Queue } from 'bullmq';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { cancelRun, queueStatus, submitRun } from '../src';
import { ITEMS_QUEUE } from '../src/run-keys';
import { HANGING_TASK_MODULE, itemCounts, makeItems, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';

// A task module whose import never finishes (a top-level await that never settles) held every slot of every worker:
// no item of any other run was taken, cancelling the run freed nothing, and SIGTERM could not stop a worker. Now the
// load gives up after the worker's load timeout (the run fails, naming why), at once when the run is cancelled, and
// when the worker stops (its items go back to the queue).
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

async function startWorkers(names: string[], loadTimeoutMs: number): Promise<WorkerProcess[]> {
  workers = names.map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, concurrency: 3, loadTimeoutMs }));
  await Promise.all(workers.map((w) => w.ready));
  return workers;
}

/** Whether a worker has taken items of the run (its jobs are active, waiting on the task's load). */
async function taken(runId: string): Promise<boolean> {
  return ((await queueStatus({ url: redis.url, prefix: redis.prefix })).runs.find((r) => r.runId === runId)?.active ?? 0) > 0;
}

function submit(module: string, count: number) {
  return submitRun({ queue: { url: redis.url, prefix: redis.prefix }, databaseUrl: pg.url, task: { module }, metrics: ['exact_match'], dataset: makeItems(count) });
}

test('the run fails after the load timeout with the reason, and the workers serve the next run', async () => {
  await startWorkers(['h1', 'h2'], 2_000);
  const hanging = await submit(HANGING_TASK_MODULE, 12);
  const next = await submit(TASK_MODULE, 12);
  expect((await hanging.done()).status).toBe('failed');
  expect((await next.done()).status).toBe('completed');
  await Promise.all([hanging.close(), next.close()]);
  const failed = (await db.runs.getRun(hanging.runId))!;
  expect(failed.status).toBe('failed');
  expect(failed.statusReason).toMatch(
    /^worker h[12] could not load task .*hanging-task\.mjs: it did not finish loading within 2 s \(an import that never settles, such as a top-level await/,
  );
  expect(await itemCounts(pg.url, hanging.runId)).toEqual({ rows: 0, distinct: 0 });
  expect(await itemCounts(pg.url, next.runId)).toEqual({ rows: 12, distinct: 12 });
  expect(workers.every((w) => w.child.exitCode === null)).toBe(true);
});

// With a load timeout of ten minutes, only the cancel or the stop can end the wait within the test's time.
test('a cancel while its task loads frees the workers for the next run at once', async () => {
  await startWorkers(['c1', 'c2'], 600_000);
  const hanging = await submit(HANGING_TASK_MODULE, 12);
  await waitFor('the items taken', () => taken(hanging.runId));
  expect(await cancelRun({ url: redis.url, prefix: redis.prefix }, hanging.runId, { databaseUrl: pg.url, reason: 'hangs' })).toBe(true);
  expect((await hanging.done()).status).toBe('cancelled');
  const next = await submit(TASK_MODULE, 12);
  expect((await next.done()).status).toBe('completed');
  await Promise.all([hanging.close(), next.close()]);
  expect(await db.runs.getRun(hanging.runId)).toMatchObject({ status: 'cancelled', statusReason: 'hangs', totalItems: 0 });
  expect(await itemCounts(pg.url, next.runId)).toEqual({ rows: 12, distinct: 12 });
}, 60_000);

test('a worker stopped while a task loads exits, handing the items back; the run is not failed for it', async () => {
  const [worker] = await startWorkers(['s1'], 600_000);
  const hanging = await submit(HANGING_TASK_MODULE, 6);
  await waitFor('the items taken', () => taken(hanging.runId));
  await worker!.stop();
  expect(worker!.child.exitCode).toBe(0);
  expect((await db.runs.getRun(hanging.runId))!.status).toBe('running');
  // Back in the queue as they were: none failed, none used up an attempt.
  const items = new Queue(ITEMS_QUEUE, { connection: { url: redis.url }, prefix: redis.prefix });
  try {
    const jobs = await items.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'failed']);
    expect(jobs.filter((job) => job.data.runId === hanging.runId).map((job) => [job.attemptsMade, job.failedReason ?? null])).toEqual(
      Array.from({ length: 6 }, () => [0, null]),
    );
  } finally {
    await items.close();
  }
  expect(await cancelRun({ url: redis.url, prefix: redis.prefix }, hanging.runId, { databaseUrl: pg.url })).toBe(true);
  await hanging.close();
}, 60_000);
