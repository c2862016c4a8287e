import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun, type DistributedProgress } from '../src';
import { itemCounts, makeItems, METRICS, METRIC_FILE, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

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

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await proxy?.close();
  await db?.close();
  await pg?.drop();
});

test('PostgreSQL unreachable for 3 s under two running workers: writes are retried, the run completes with every item once and no worker dies', async () => {
  const viaProxy = new URL(pg.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  workers = ['pg1', 'pg2'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: viaProxy.toString(), name }));
  await Promise.all(workers.map((w) => w.ready));
  let latest: DistributedProgress | undefined;
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    // The submitter reaches PostgreSQL directly: only the workers lose it.
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    dataset: makeItems(200, () => ({ delayMs: 50 })),
    maxQueuedItems: 60,
    onProgress: (p) => (latest = p),
  });
  await waitFor('40 items done', () => (latest?.done ?? 0) >= 40);
  const before = proxy.connections;
  proxy.cut();
  // The outage starts mid-run: items were still to be run and stored.
  expect(latest!.done).toBeLessThan(150);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  proxy.restore();
  const progress = await run.done();
  await run.close();
  expect(progress).toMatchObject({ status: 'completed', done: 200, failed: 0 });
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 200, distinct: 200 });
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'completed', totalItems: 200, failedItems: 0 });
  // The workers came back through the proxy, and both are still running.
  expect(proxy.connections).toBeGreaterThan(before);
  const exits = await Promise.race([Promise.all(workers.map((w) => w.exited)).then(() => 'exited'), new Promise((r) => setTimeout(() => r('running'), 200))]);
  expect(exits).toBe('running');
});
