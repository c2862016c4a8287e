import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { Redis } from 'ioredis';
import { queueStatus, submitRun } from '../src';
import { runKeys } from '../src/run-keys';
import { makeItems, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor } from './helpers';

// A detached run (`evaluate --queue --detach`) deleted from the database (`runs delete --force`) while workers held its
// items: no submitter was waiting to notice, so the workers ran its items until they timed out (10 minutes here). The
// workers refresh the run's heartbeat while they run its items; a heartbeat that finds no run now marks the run deleted
// in Redis (as a waiting submitter does), which aborts its items on every worker.
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

test('workers abort the items of a detached run deleted from the database', async () => {
  const queue = { url: redis.url, prefix: `${redis.prefix}-detached-deleted` };
  const worker = spawnWorker({ ...queue, databaseUrl: pg.url, name: 'keeps-running', concurrency: 2, lockDurationMs: 60_000 });
  await worker.ready;
  const client = new Redis(redis.url);
  try {
    const run = await submitRun({
      queue,
      databaseUrl: pg.url,
      task: { module: TASK_MODULE },
      metrics: ['exact_match'],
      dataset: makeItems(6, () => ({ delayMs: 600_000 })),
      config: { timeoutMs: 600_000 },
      run: { name: 'detached-then-deleted' },
    });
    await run.enqueued;
    // Detached: the submitter is gone; nothing but the workers can notice the deletion.
    await run.close();
    await waitFor('the worker running items', async () => (await queueStatus(queue)).runs[0]?.active === 4);
    await db.runs.deleteRun(run.runId);
    expect(await db.runs.getRun(run.runId)).toBeNull();

    await waitFor('the run finalised as deleted in Redis', async () => (await client.hget(runKeys(queue.prefix, run.runId).hash, 'finalized')) === 'deleted');
    expect(await client.hget(runKeys(queue.prefix, run.runId).hash, 'cancelled')).toBe('1');
    // Its items are aborted, not left running until their timeout: none stays active in the queue.
    await waitFor('no item active', async () => (await client.llen(`${queue.prefix}:items:active`)) === 0);
  } finally {
    client.disconnect();
    // Killed: a graceful stop would wait for items still running.
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
}, 120_000);
