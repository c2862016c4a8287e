import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { cancelRun, queueStatus, submitRun } from '../src';
import { makeItems, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor } from './helpers';

// `queue status` showed a live worker busy with long tasks as "last heard 16.0 s ago": it read the idle time of the
// worker's blocking-fetch connection only, which is silent while every slot is busy. A worker awaiting long tasks still
// looks after its runs (twice a second), and is heard from.
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

test('a worker whose every slot awaits a long task is heard from', async () => {
  const queue = { url: redis.url, prefix: redis.prefix };
  const worker = spawnWorker({ ...queue, databaseUrl: pg.url, name: 'busy', concurrency: 1, lockDurationMs: 60_000 });
  await worker.ready;
  const run = await submitRun({ queue, databaseUrl: pg.url, task: { module: TASK_MODULE }, metrics: ['exact_match'], dataset: makeItems(4, () => ({ delayMs: 120_000 })) });
  try {
    // Two jobs per task slot: with both taken, the worker fetches nothing more.
    await waitFor('the worker holding two items', async () => (await queueStatus(queue)).runs[0]?.active === 2);
    const busySince = Date.now();
    await new Promise((r) => setTimeout(r, 7_000));
    const [busy] = (await queueStatus(queue)).workers;
    expect(busy?.name).toBe('busy');
    // Heard from since it became busy (Redis counts idle time in whole seconds).
    expect(busy!.idleSeconds!).toBeLessThan((Date.now() - busySince) / 1_000 - 2);
  } finally {
    await cancelRun(queue, run.runId, { databaseUrl: pg.url });
    await run.close();
    await worker.stop();
  }
});
