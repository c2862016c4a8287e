import { Redis } from 'ioredis';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, startOwnRedisServer, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun, type DistributedProgress, type SubmitRunOptions } from '../src';
import { itemCounts, makeItems, METRICS, METRIC_FILE, query, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';

// A Redis that keeps nothing on disk (this machine's, and many deployments') forgets every queued item, counter and
// bitmap when it restarts; so do FLUSHALL and a failover to a replica that was behind. Here every key of the test's
// prefix is deleted in one script — what such a restart leaves of this queue — while workers run the items and the
// submitter waits. The run must still complete with every item stored once.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];
let client: Redis;

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  client = new Redis(redis.url);
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
});

afterAll(async () => {
  client?.disconnect();
  await db?.close();
  await pg?.drop();
});

async function startWorkers(names: string[]): Promise<void> {
  workers = names.map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name }));
  await Promise.all(workers.map((w) => w.ready));
}

/** Deletes every key of the queue at one instant (a script), as a restart without persistence does. */
async function loseEverything(): Promise<number> {
  const lua = `local keys = redis.call('KEYS', ARGV[1]) for _, k in ipairs(keys) do redis.call('DEL', k) end return #keys`;
  return Number(await client.eval(lua, 0, `${redis.prefix}:*`));
}

const runHash = (runId: string) => client.hgetall(`${redis.prefix}:run:${runId}`);

/** Items of the run whose exact_match scored 1, from the database. */
async function exactMatches(runId: string): Promise<number> {
  const [row] = await query<{ n: string }>(
    pg.url,
    `SELECT COUNT(*) AS n FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) AND scores::jsonb ->> 'exact_match' = '1'`,
    [runId],
  );
  return Number(row!.n);
}

/** What the fixture task gets right of `count` items: every n not divisible by 3. */
const expectedMatches = (count: number) => count - Math.ceil(count / 3);

/** Submits `count` items of the fixture task, each waiting `delayMs`, telling `restores` of every restore. */
function submit(count: number, delayMs: number, restores: unknown[], options: Partial<SubmitRunOptions> = {}) {
  return submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    dataset: makeItems(count, () => ({ delayMs })),
    onRestored: (r) => restores.push(r),
    ...options,
  });
}

test('Redis loses everything while the dataset still streams in: the submitter puts the run back, and every item is stored and counted once', async () => {
  await startWorkers(['l1', 'l2']);
  const restores: Array<{ requeued: number; alreadyStored: number }> = [];
  let latest: DistributedProgress | undefined;
  const run = await submit(400, 40, restores, { maxQueuedItems: 60, onProgress: (p) => (latest = p) });
  await waitFor('some items done', async () => Number((await runHash(run.runId)).done ?? 0) >= 80);
  expect((await runHash(run.runId)).total).toBeUndefined();
  expect(await loseEverything()).toBeGreaterThan(0);
  expect(await runHash(run.runId)).not.toHaveProperty('spec');
  const progress = await run.done();
  await run.close();
  expect(restores.length).toBeGreaterThanOrEqual(1);
  expect(restores[0]!.requeued).toBeGreaterThan(0);
  expect(await run.enqueued).toBe(400);
  expect(progress).toMatchObject({ status: 'completed', done: 400, total: 400 });
  expect(latest?.status).toBe('completed');
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 400, distinct: 400 });
  expect(await runHash(run.runId)).toMatchObject({ total: '400', done: '400', finalizeCount: '1', finalized: 'completed' });
  expect(await db.runs.getRun(run.runId)).toMatchObject({ status: 'completed', totalItems: 400 });
  expect(await exactMatches(run.runId)).toBe(expectedMatches(400));
}, 120_000);

test('Redis loses everything twice after every item was enqueued: the run is put back each time and completes, counted once', async () => {
  await startWorkers(['t1', 't2']);
  const restores: Array<{ requeued: number; alreadyStored: number }> = [];
  const run = await submit(300, 40, restores);
  expect(await run.enqueued).toBe(300);
  await waitFor('some items done', async () => Number((await runHash(run.runId)).done ?? 0) >= 40);
  await loseEverything();
  await waitFor('the run put back', () => restores.length >= 1);
  await waitFor('more items done', async () => Number((await runHash(run.runId)).done ?? 0) >= 150);
  await loseEverything();
  const progress = await run.done();
  await run.close();
  expect(restores.length).toBeGreaterThanOrEqual(2);
  expect(progress).toMatchObject({ status: 'completed', done: 300, total: 300 });
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 300, distinct: 300 });
  expect(await runHash(run.runId)).toMatchObject({ total: '300', done: '300', finalizeCount: '1', finalized: 'completed' });
  expect(await db.runs.getRun(run.runId)).toMatchObject({ status: 'completed', totalItems: 300 });
  expect(await exactMatches(run.runId)).toBe(expectedMatches(300));
}, 120_000);

test('a run cancelled before Redis lost it is not run again: the submitter finalises it as cancelled and done() resolves', async () => {
  await startWorkers(['c1']);
  const restores: unknown[] = [];
  const run = await submit(300, 100, restores);
  await waitFor('some items done', async () => Number((await runHash(run.runId)).done ?? 0) >= 10);
  await db.runs.cancelRun(run.runId, 'stopped by a test');
  await loseEverything();
  const progress = await run.done();
  await run.close();
  expect(restores).toEqual([]);
  expect(progress.status).toBe('cancelled');
  const stored = await db.runs.getRun(run.runId);
  expect(stored?.status).toBe('cancelled');
  const { rows, distinct } = await itemCounts(pg.url, run.runId);
  expect(rows).toBe(distinct);
  expect(rows).toBeLessThan(300);
}, 120_000);

test('a real Redis restart without persistence mid-run (connections dropped, every key and script gone): the run completes, every item stored and counted once', async () => {
  const server = await startOwnRedisServer({ args: ['--appendonly', 'no'] });
  const prefix = 'restart-nosave';
  const own = [0, 1].map((i) => spawnWorker({ url: server.url, prefix, databaseUrl: pg.url, name: `n${i}` }));
  try {
    await Promise.all(own.map((w) => w.ready));
    const restores: Array<{ requeued: number; alreadyStored: number }> = [];
    const watcher = new Redis(server.url, { maxRetriesPerRequest: null });
    const run = await submit(400, 40, restores, { queue: { url: server.url, prefix }, maxQueuedItems: 80 });
    await waitFor('some items done', async () => Number((await watcher.hget(`${prefix}:run:${run.runId}`, 'done')) ?? 0) >= 80);
    await server.restart();
    const progress = await run.done();
    await run.close();
    watcher.disconnect();
    expect(restores.length).toBeGreaterThanOrEqual(1);
    expect(progress).toMatchObject({ status: 'completed', done: 400, total: 400 });
    expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 400, distinct: 400 });
    expect(await db.runs.getRun(run.runId)).toMatchObject({ status: 'completed', totalItems: 400 });
    expect(await exactMatches(run.runId)).toBe(expectedMatches(400));
  } finally {
    await Promise.all(own.map((w) => w.stop()));
    await server.destroy();
  }
}, 120_000);
