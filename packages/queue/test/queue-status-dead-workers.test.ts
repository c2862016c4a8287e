import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { cancelRun, queueStatus, submitRun } from '../src';
import { makeItems, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor } from './helpers';

// `queue status` listed the items a killed worker had held as active for good when no worker was left to move them
// back: "active 20" next to "No workers alive". They are waiting for a worker again, and are counted so.
// Also while their locks still live (30 s by default): a worker killed next to live ones kept its items "active" until
// its locks expired, more active items than the live workers can hold.
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

test('items held by a worker that died count as waiting, not active', async () => {
  const queue = { url: redis.url, prefix: redis.prefix };
  const worker = spawnWorker({ ...queue, databaseUrl: pg.url, name: 'doomed', concurrency: 2 });
  await worker.ready;
  const run = await submitRun({ queue, databaseUrl: pg.url, task: { module: TASK_MODULE }, metrics: ['exact_match'], dataset: makeItems(6, () => ({ delayMs: 60_000 })) });
  try {
    // Two per task slot: running, or taken ahead to run next.
    await waitFor('the items taken', async () => (await queueStatus(queue)).runs[0]?.active === 4);
    worker.child.kill('SIGKILL');
    await worker.exited;
    // Its locks (2 s) expire; no worker is left to move its items back.
    await waitFor('the dead worker gone', async () => (await queueStatus(queue)).workers.length === 0);
    await new Promise((r) => setTimeout(r, 2_500));
    const status = await queueStatus(queue);
    expect(status.workers).toEqual([]);
    expect(status.runs.map(({ waiting, active }) => ({ waiting, active }))).toEqual([{ waiting: 6, active: 0 }]);
  } finally {
    await cancelRun(queue, run.runId, { databaseUrl: pg.url });
    await run.close();
  }
});

test('items held by a killed worker count as waiting (orphaned) as soon as it is gone, before their locks expire', async () => {
  const queue = { url: redis.url, prefix: `${redis.prefix}-orphans` };
  // Locks of 60 s: the killed worker's items stay locked for the whole test.
  const alive = spawnWorker({ ...queue, databaseUrl: pg.url, name: 'alive', concurrency: 2, lockDurationMs: 60_000 });
  const doomed = spawnWorker({ ...queue, databaseUrl: pg.url, name: 'doomed', concurrency: 2, lockDurationMs: 60_000 });
  await Promise.all([alive.ready, doomed.ready]);
  const run = await submitRun({ queue, databaseUrl: pg.url, task: { module: TASK_MODULE }, metrics: ['exact_match'], dataset: makeItems(12, () => ({ delayMs: 120_000 })) });
  try {
    await waitFor('both workers holding four items', async () => (await queueStatus(queue)).runs[0]?.active === 8);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    await waitFor('the killed worker gone from the workers', async () => (await queueStatus(queue)).workers.map((w) => w.name).join() === 'alive');
    const status = await queueStatus(queue);
    expect(status.runs.map(({ waiting, active, orphaned }) => ({ waiting, active, orphaned }))).toEqual([{ waiting: 8, active: 4, orphaned: 4 }]);
    // Their locks still run: they are taken over once those expire, which the status says.
    expect(status.runs[0]!.orphanedLockSeconds).toBeGreaterThan(0);
    expect(status.runs[0]!.orphanedLockSeconds).toBeLessThanOrEqual(60);
  } finally {
    await cancelRun(queue, run.runId, { databaseUrl: pg.url });
    await run.close();
    await alive.stop();
  }
});
