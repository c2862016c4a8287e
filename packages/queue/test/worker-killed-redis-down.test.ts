import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, startOwnRedisServer, type OwnRedisServer, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { itemCounts, makeItems, METRICS, METRIC_FILE, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';
// A job names the worker process that holds it (its identity: --name, '#', a random suffix).
import { workerNameOf } from '../src/connected-workers';

// A worker SIGKILLed with items in flight while its Redis is unreachable (or just after Redis came back): it could
// neither finish nor hand back its items, and some of them it had stored in PostgreSQL already. Another worker,
// started once Redis is back, takes them over when their locks expire: every item stored once, the run finalised once.
// A Redis of the test's own (with an append-only file, as the README asks of a Redis whose restart must lose nothing).
let server: OwnRedisServer;
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  server = await startOwnRedisServer();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
});

afterAll(async () => {
  await server?.destroy();
  await db?.close();
  await pg?.drop();
});

async function worker(prefix: string, name: string): Promise<WorkerProcess> {
  const started = spawnWorker({ url: server.url, prefix, databaseUrl: pg.url, name });
  workers.push(started);
  await started.ready;
  return started;
}

/** The ids of the items `name` holds (active jobs), read from Redis. */
async function heldBy(prefix: string, name: string): Promise<string[]> {
  const connection = new Redis(server.url, { maxRetriesPerRequest: null });
  const queue = new Queue('items', { connection, prefix });
  try {
    return (await queue.getActive()).filter((job) => job.processedBy !== undefined && workerNameOf(job.processedBy) === name).map((job) => (job.data as { item: { id: string } }).item.id);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

async function hget(prefix: string, runId: string, field: string): Promise<string | null> {
  const client = new Redis(server.url);
  try {
    return await client.hget(`${prefix}:run:${runId}`, field);
  } finally {
    client.disconnect();
  }
}

test.each([
  ['while Redis is down', 'down', false],
  ['right after Redis came back', 'back', true],
])('a worker SIGKILLed %s: a worker started later stores its items; every item once, the run completed once', async (_when, prefix, killAfterRestart) => {
  const victim = await worker(prefix, `${prefix}-a`);
  const run = await submitRun({
    queue: { url: server.url, prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    dataset: makeItems(60, () => ({ delayMs: 150 })),
  });
  try {
    expect(await run.enqueued).toBe(60);
    await waitFor('items done and others active on the worker', async () => (await itemCounts(pg.url, run.runId)).rows >= 10 && (await heldBy(prefix, victim.name)).length > 0);
    const rowsAtStop = (await itemCounts(pg.url, run.runId)).rows;
    await server.stop();
    // Its tasks in flight finish meanwhile and their items are stored in PostgreSQL; Redis hears of none of them. At
    // least 500 ms, and until one is stored (a loaded machine may take longer), for at most 15 s.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && (await itemCounts(pg.url, run.runId)).rows <= rowsAtStop; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (killAfterRestart) await server.start();
    victim.child.kill('SIGKILL');
    await victim.exited;
    if (!killAfterRestart) {
      await server.start();
      // What makes it hard: items stored that Redis never counted, their jobs still active (locked) there.
      expect((await itemCounts(pg.url, run.runId)).rows).toBeGreaterThan(Number(await hget(prefix, run.runId, 'done')));
    }
    expect((await heldBy(prefix, victim.name)).length).toBeGreaterThan(0);
    await worker(prefix, `${prefix}-b`);
    const progress = await run.done();
    expect(progress).toMatchObject({ status: 'completed', done: 60, total: 60, failed: 0 });
    expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 60, distinct: 60 });
    expect(await db.runs.getRun(run.runId)).toMatchObject({ status: 'completed', totalItems: 60 });
    expect(await hget(prefix, run.runId, 'finalizeCount')).toBe('1');
  } finally {
    await run.close();
  }
});
