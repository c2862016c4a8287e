import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { cancelRun, queueStatus, submitRun } from '../src';
import { makeItems, requireFreshBuild, spawnWorker, waitFor, TASK_MODULE } from './helpers';

// Two workers started with the same --name (one per machine, say, both called "gpu"): jobs were tied to a worker by
// that name alone, so when one was killed the live one's connections vouched for the dead one's items, and `queue
// status` said "active 8, orphaned 0". Each worker process now has its own identity (its name and a random suffix);
// the status shows the name it was given.
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

test('items of a killed worker count as orphaned while a live worker of the same name runs', async () => {
  const queue = { url: redis.url, prefix: `${redis.prefix}-twins` };
  // Locks of 60 s: the killed worker's items stay locked for the whole test.
  const alive = spawnWorker({ ...queue, databaseUrl: pg.url, name: 'twin', concurrency: 2, lockDurationMs: 60_000 });
  const doomed = spawnWorker({ ...queue, databaseUrl: pg.url, name: 'twin', concurrency: 2, lockDurationMs: 60_000 });
  await Promise.all([alive.ready, doomed.ready]);
  const run = await submitRun({ queue, databaseUrl: pg.url, task: { module: TASK_MODULE }, metrics: ['exact_match'], dataset: makeItems(12, () => ({ delayMs: 120_000 })) });
  try {
    await waitFor('both workers holding four items', async () => (await queueStatus(queue)).runs[0]?.active === 8);
    expect((await queueStatus(queue)).workers.map((w) => w.name)).toEqual(['twin', 'twin']);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    await waitFor('the killed worker gone from the workers', async () => (await queueStatus(queue)).workers.length === 1);
    const status = await queueStatus(queue);
    expect(status.workers.map((w) => w.name)).toEqual(['twin']);
    expect(status.runs.map(({ waiting, active, orphaned }) => ({ waiting, active, orphaned }))).toEqual([{ waiting: 8, active: 4, orphaned: 4 }]);
  } finally {
    await cancelRun(queue, run.runId, { databaseUrl: pg.url });
    await run.close();
    await alive.stop();
  }
}, 120_000);
