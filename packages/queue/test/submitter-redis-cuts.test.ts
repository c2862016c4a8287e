import { Redis } from 'ioredis';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { QueueUnreachableError, submitRun, type DistributedProgress } from '../src';
import { itemCounts, makeItems, METRICS, METRIC_FILE, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// The submitter reaches Redis through a proxy that resets its connection right after chosen commands (Redis may run
// them, the submitter never gets the answer): what a Redis restart or failover does to commands in flight, made
// deterministic. The workers reach Redis directly.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let proxy: TcpProxy | undefined;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
  await proxy?.close();
  proxy = undefined;
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

async function startWorkers(names: string[]): Promise<void> {
  workers = names.map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name }));
  await Promise.all(workers.map((w) => w.ready));
}

function redisTarget() {
  const url = new URL(redis.url);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

function proxyUrl(p: TcpProxy): string {
  const url = new URL(redis.url);
  url.hostname = '127.0.0.1';
  url.port = String(p.port);
  return url.toString();
}

/** The chunk is (part of) a pipeline of this command: RESP bulk strings, any case. */
function carries(chunk: Buffer, command: string): boolean {
  return chunk.toString('latin1').toLowerCase().includes(`\r\n${command}\r\n`);
}

async function runHash(runId: string): Promise<Record<string, string>> {
  const client = new Redis(redis.url);
  try {
    return await client.hgetall(`${redis.prefix}:run:${runId}`);
  } finally {
    client.disconnect();
  }
}

test("the submitter's connection reset right after enqueuing commands, three times mid-answer and three times with the answer lost: the steps are tried again, every item is stored once, counted once, and the run completes", async () => {
  await startWorkers(['c1', 'c2']);
  let midAnswer = 0;
  let answerLost = 0;
  proxy = await startTcpProxy(redisTarget(), {
    // BullMQ's addBulk is a MULTI pipeline: answered in part, ioredis rejects it ("Command aborted due to connection
    // close") instead of sending it again. Three times.
    cutMidAnswer: (chunk) => carries(chunk, 'multi') && midAnswer++ < 3,
    // The enqueued count's answer lost (Redis may or may not have run it; ioredis sends it again). Three times.
    cutAfter: (chunk) => carries(chunk, 'hset') && carries(chunk, 'enqueued') && answerLost++ < 3,
  });
  let latest: DistributedProgress | undefined;
  const run = await submitRun({
    queue: { url: proxyUrl(proxy), prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    dataset: makeItems(200, () => ({ delayMs: 5 })),
    // Small chunks: many enqueuing steps for the proxy to cut.
    maxQueuedItems: 20,
    onProgress: (p) => (latest = p),
  });
  const progress = await run.done();
  await run.close();
  expect(midAnswer).toBeGreaterThanOrEqual(3);
  expect(answerLost).toBeGreaterThanOrEqual(3);
  expect(await run.enqueued).toBe(200);
  expect(progress).toMatchObject({ status: 'completed', done: 200, total: 200 });
  expect(latest?.status).toBe('completed');
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 200, distinct: 200 });
  const hash = await runHash(run.runId);
  // Counted once: the count is set, not added to, so a command run twice cannot inflate it.
  expect(hash).toMatchObject({ enqueued: '200', total: '200', done: '200', finalizeCount: '1', finalized: 'completed' });
  expect(hash.failure).toBeUndefined();
  expect(await db.runs.getRun(run.runId)).toMatchObject({ status: 'completed', totalItems: 200 });
});

test('Redis unreachable for longer than the patience: enqueuing gives up with QueueUnreachableError, done() rejects with it, the run is stored as failed with the reason, and the workers skip what was queued', async () => {
  await startWorkers(['u1']);
  proxy = await startTcpProxy(redisTarget());
  const p = proxy;
  // The submitter says, once, that Redis stopped answering (the progress line would stall without a word).
  const said: string[] = [];
  const run = await submitRun({
    queue: { url: proxyUrl(p), prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    dataset: makeItems(400, () => ({ delayMs: 400 })),
    maxQueuedItems: 40,
    redisPatienceMs: 1_500,
    onRedisError: (message) => said.push(message),
  });
  await waitFor('some items enqueued', async () => Number((await runHash(run.runId)).enqueued ?? 0) >= 40);
  expect(said).toEqual([]);
  p.cut();
  const enqueueError = await run.enqueued.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(enqueueError).toBeInstanceOf(QueueUnreachableError);
  expect((enqueueError as Error).message).toMatch(/failed for \d+ s.*Check that the queue's Redis is running and reachable/s);
  await expect(run.done()).rejects.toBeInstanceOf(QueueUnreachableError);
  await run.close();
  expect(said).toHaveLength(1);
  expect(said[0]).toMatch(new RegExp(`^the queue's Redis at ${proxyUrl(p).replace(/[.]/g, '\\.')} does not answer \\(.+\\); the run goes on once it does$`));
  const stored = await waitFor('the run stored as failed', async () => {
    const r = await db.runs.getRun(run.runId);
    return r?.status === 'failed' && r;
  });
  expect(stored.statusReason).toMatch(/^enqueuing stopped: .*Redis/s);
  // The worker still reaches Redis: the database refuses the items left in the queue, so the worker cancels the run
  // there and finalises it (once, keeping the failed status).
  await waitFor('the run finalised in Redis', async () => (await runHash(run.runId)).finalized);
  const hash = await runHash(run.runId);
  expect(hash.finalized).toBe('failed');
  expect(hash.total).toBeUndefined();
  const { rows, distinct } = await itemCounts(pg.url, run.runId);
  expect(rows).toBe(distinct);
  expect(rows).toBeLessThan(400);
  expect((await db.runs.getRun(run.runId))?.status).toBe('failed');
});
