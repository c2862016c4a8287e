import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, startOwnRedisServer, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun, type DistributedProgress } from '../src';
import { itemCounts, makeItems, METRICS, METRIC_FILE, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';
// A job names the worker process that holds it (its identity: --name, '#', a random suffix).
import { workerNameOf } from '../src/connected-workers';

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

async function startWorkers(url: string, prefix: string, names: string[]): Promise<WorkerProcess[]> {
  workers = names.map((name) => spawnWorker({ url, prefix, databaseUrl: pg.url, name }));
  await Promise.all(workers.map((w) => w.ready));
  return workers;
}

async function submit(url: string, prefix: string, count: number, delayMs: number, onProgress: (p: DistributedProgress) => void) {
  return submitRun({
    queue: { url, prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    dataset: makeItems(count, () => ({ delayMs })),
    maxQueuedItems: 60,
    onProgress,
  });
}

/** The run's Redis counters of finalisations that stored the run (storage's guarded finalizeRun returned true). */
async function finalizations(url: string, prefix: string, runId: string): Promise<number> {
  const client = new Redis(url);
  try {
    return Number(await client.hget(`${prefix}:run:${runId}`, 'finalizeCount'));
  } finally {
    client.disconnect();
  }
}

test('a worker SIGKILLed with items active: the others take them over after the stall interval; every item once, finalised once', async () => {
  const [victim] = await startWorkers(redis.url, redis.prefix, ['k1', 'k2', 'k3']);
  let latest: DistributedProgress | undefined;
  const run = await submit(redis.url, redis.prefix, 200, 100, (p) => (latest = p));
  await waitFor('40 items done', () => (latest?.done ?? 0) >= 40);
  const queue = new Queue('items', { connection: new Redis(redis.url, { maxRetriesPerRequest: null }), prefix: redis.prefix });
  try {
    const held = await waitFor('items active on k1', async () => {
      const active = (await queue.getActive()).filter((job) => job.processedBy !== undefined && workerNameOf(job.processedBy) === 'k1');
      return active.length > 0 && active.map((job) => (job.data as { item: { id: string } }).item.id);
    });
    victim!.child.kill('SIGKILL');
    await victim!.exited;
    const progress = await run.done();
    await run.close();
    expect(progress).toMatchObject({ status: 'completed', done: 200, total: 200 });
    expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 200, distinct: 200 });
    // The items k1 held when it died were stored by the others.
    const stored = await db.runs.findStoredItemIds(run.runId, held);
    expect(stored.size).toBe(held.length);
    expect(await db.runs.getRun(run.runId)).toMatchObject({ status: 'completed', totalItems: 200 });
    expect(await finalizations(redis.url, redis.prefix, run.runId)).toBe(1);
  } finally {
    await queue.close();
    await (queue.opts.connection as Redis).quit?.().catch(() => undefined);
  }
});

test('a worker closed with SIGTERM mid-run finishes its active items and exits; the run completes with every item once', async () => {
  const [leaving] = await startWorkers(redis.url, redis.prefix, ['t1', 't2']);
  let latest: DistributedProgress | undefined;
  const run = await submit(redis.url, redis.prefix, 150, 100, (p) => (latest = p));
  await waitFor('20 items done', () => (latest?.done ?? 0) >= 20);
  leaving!.child.kill('SIGTERM');
  expect(await leaving!.exited).toBe(0);
  expect(leaving!.events.map((e) => e.type)).toContain('stopped');
  const progress = await run.done();
  await run.close();
  expect(progress).toMatchObject({ status: 'completed', done: 150 });
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 150, distinct: 150 });
  expect(await finalizations(redis.url, redis.prefix, run.runId)).toBe(1);
});

test('Redis restarted mid-run: the workers reconnect and the run completes with every item once', async () => {
  const server = await startOwnRedisServer();
  try {
    await startWorkers(server.url, 'restart', ['r1', 'r2']);
    let latest: DistributedProgress | undefined;
    const run = await submit(server.url, 'restart', 150, 30, (p) => (latest = p));
    await waitFor('30 items done', () => (latest?.done ?? 0) >= 30);
    await server.restart();
    const progress = await run.done();
    await run.close();
    expect(progress).toMatchObject({ status: 'completed', done: 150 });
    expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 150, distinct: 150 });
    expect(await finalizations(server.url, 'restart', run.runId)).toBe(1);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    await server.destroy();
  }
});
