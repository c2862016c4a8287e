import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun, type DistributedProgress } from '../src';
import { itemCounts, makeItems, METRICS, query, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// A PostgreSQL outage that outlasts every attempt of an item's job must cost no item: the jobs go back to the queue
// without using up attempts, for as long as it takes. The attempts are lowered here (one batch write per try, two tries
// of a job: about a second in all) so an outage of seconds outlasts them, as one of minutes outlasts the defaults.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let proxy: TcpProxy;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  const url = new URL(pg.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
});

afterAll(async () => {
  await proxy?.close();
  await db?.close();
  await pg?.drop();
});

/** Submits `count` items, runs `outage` once 20 are done, and checks that the run completes with every item stored once. */
async function runThrough(databaseUrl: string, count: number, outage: () => Promise<void>): Promise<void> {
  workers = ['long1', 'long2'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl, name, storeAttempts: 1 }));
  await Promise.all(workers.map((w) => w.ready));
  let latest: DistributedProgress | undefined;
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: makeItems(count, () => ({ delayMs: 50 })),
    maxQueuedItems: 40,
    itemJobAttempts: 2,
    onProgress: (p) => (latest = p),
  });
  await waitFor('20 items done', () => (latest?.done ?? 0) >= 20);
  await outage();
  const progress = await run.done();
  await run.close();
  expect(progress).toMatchObject({ status: 'completed', done: count, failed: 0 });
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: count, distinct: count });
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'completed', totalItems: count, successfulItems: count, failedItems: 0, statusReason: null });
  // Items met the outage, went back to the queue, and none was given up.
  const events = workers.flatMap((w) => w.events);
  expect(events.some((e) => e.type === 'database-unreachable')).toBe(true);
  expect(events.filter((e) => e.type === 'item-refused')).toEqual([]);
}

test('PostgreSQL refusing connections for 8 s, longer than every attempt of the jobs: the run completes with every item stored once', async () => {
  const viaProxy = new URL(pg.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  await runThrough(viaProxy.toString(), 120, async () => {
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    proxy.restore();
  });
}, 120_000);

test('the database not accepting connections for 8 s (ALLOW_CONNECTIONS false, sessions ended): every item is stored once', async () => {
  const name = new URL(pg.url).pathname.slice(1);
  const admin = new URL(pg.url);
  admin.pathname = '/postgres';
  await runThrough(pg.url, 120, async () => {
    await query(admin.toString(), `ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      await query(admin.toString(), 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await new Promise((resolve) => setTimeout(resolve, 8_000));
    } finally {
      await query(admin.toString(), `ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    }
  });
}, 120_000);
