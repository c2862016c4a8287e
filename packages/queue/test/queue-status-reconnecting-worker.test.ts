import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { Redis } from 'ioredis';
import { cancelRun, queueStatus, submitRun } from '../src';
import { makeItems, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor } from './helpers';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// `queue status` called a worker's items orphaned whenever one CLIENT LIST did not show the worker: a worker
// reconnecting to Redis (a blip, a failover) is missing for a moment, and its items, still locked and still being run,
// were reported as held by a worker that is gone. A worker must stay missing longer than a reconnect takes.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let proxy: TcpProxy;

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  const target = new URL(redis.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
});

afterAll(async () => {
  await proxy?.close();
  await db?.close();
  await pg?.drop();
});

test('a worker missing from CLIENT LIST while it reconnects keeps its items active, not orphaned', async () => {
  const queue = { url: redis.url, prefix: `${redis.prefix}-blip` };
  const viaProxy = new URL(redis.url);
  viaProxy.port = String(proxy.port);
  // Locks of 60 s: the items stay locked by the worker through the blip.
  const worker = spawnWorker({ url: viaProxy.toString(), prefix: queue.prefix, databaseUrl: pg.url, name: 'blinking', concurrency: 1, lockDurationMs: 60_000 });
  await worker.ready;
  const run = await submitRun({ queue, databaseUrl: pg.url, task: { module: TASK_MODULE }, metrics: ['exact_match'], dataset: makeItems(4, () => ({ delayMs: 120_000 })) });
  const admin = new Redis(redis.url);
  try {
    await waitFor('the worker holding two items', async () => (await queueStatus(queue)).runs[0]?.active === 2);
    proxy.cut();
    await waitFor('the worker gone from CLIENT LIST', async () => !String(await admin.client('LIST')).includes(':w:blinking'));
    // Asked while the worker is away; it is back a moment later.
    const asked = queueStatus(queue);
    await new Promise((resolve) => setTimeout(resolve, 500));
    proxy.restore();
    const status = await asked;
    expect(status.runs.map(({ active, orphaned }) => ({ active, orphaned }))).toEqual([{ active: 2, orphaned: 0 }]);
    expect(status.workers.map((w) => w.name)).toEqual(['blinking']);
  } finally {
    proxy.restore();
    admin.disconnect();
    await cancelRun(queue, run.runId, { databaseUrl: pg.url });
    await run.close();
    await worker.stop();
  }
}, 120_000);
