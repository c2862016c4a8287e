import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, listKeys, startOwnRedisServer, useTestRedis, type OwnRedisServer, type TestDatabase } from '@llm-eval/test-databases';
import { Redis } from 'ioredis';
import { queueStatus, QueueUnreachableError, startWorker, submitRun } from '../src';
import { createRedis, firstAnswer, isDatabaseRefused } from '../src/redis-connection';
import { itemCounts, makeItems, METRICS, METRIC_FILE, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';

// A worker whose Redis URL names a database the server does not have (redis://host/16 on a 16-database Redis):
// ioredis reports the refused SELECT as an error event and goes on in database 0, where it would take other runs'
// items. The worker refuses instead, as the submitter does: at start, or when Redis answers only later (it was down
// when the worker started, or restarted with fewer databases), by stopping. It never takes an item of database 0.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let worker: WorkerProcess | undefined;
let server: OwnRedisServer | undefined;

const refusal = (url: string, n: number) =>
  `Cannot use database ${n} of the queue's Redis at ${url}/${n}: ERR DB index is out of range (this Redis has fewer databases: use a number below its "databases" setting, 16 by default).`;

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await server?.destroy();
  server = undefined;
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

/** A run of `count` items enqueued in database 0 of `url` (under `prefix`), its submitter closed. */
async function queuedRun(url: string, prefix: string, count: number): Promise<string> {
  const run = await submitRun({ queue: { url, prefix }, databaseUrl: pg.url, task: { module: TASK_MODULE }, metrics: METRICS, metricFiles: [METRIC_FILE], dataset: makeItems(count) });
  expect(await run.enqueued).toBe(count);
  await run.close();
  return run.runId;
}

/** The run's items in database 0 of `url`: waiting, active (taken), done. */
async function runInQueue(url: string, prefix: string, runId: string) {
  return (await queueStatus({ url, prefix })).runs.find((run) => run.runId === runId);
}

test('startWorker refuses a database number its Redis does not have, with the submitter\'s message, and writes nothing', async () => {
  const events: string[] = [];
  const error = await startWorker({ queue: { url: `${redis.url}/16`, prefix: redis.prefix }, databaseUrl: pg.url, onEvent: (e) => events.push(e.message) }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(QueueUnreachableError);
  expect(error!.message).toBe(refusal(redis.url, 16));
  // Neither a worker in database 0 nor an error line per connection: the error is the refusal.
  expect(events).toEqual([]);
  expect(await listKeys(redis.url, redis.prefix)).toEqual([]);
});

test('a worker started while its Redis is down stops once Redis answers without its database; the items of database 0 stay untouched', async () => {
  server = await startOwnRedisServer({ args: ['--databases', '2'] });
  const runId = await queuedRun(server.url, 'late', 5);
  await server.stop();
  worker = spawnWorker({ url: `${server.url}/5`, prefix: 'late', databaseUrl: pg.url, name: 'late-5' });
  await worker.ready;
  await server.start();
  expect(await worker.exited).toBe(1);
  expect(worker.events.find((e) => e.type === 'refused')?.message).toBe(refusal(server.url, 5));
  expect(worker.events.map((e) => e.type)).toContain('stopped');
  expect(await itemCounts(pg.url, runId)).toEqual({ rows: 0, distinct: 0 });
});

test('a worker whose Redis restarts with fewer databases stops instead of going on in database 0', async () => {
  server = await startOwnRedisServer({ args: ['--databases', '8'] });
  worker = spawnWorker({ url: `${server.url}/5`, prefix: 'shrunk', databaseUrl: pg.url, name: 'shrunk-5' });
  await worker.ready;
  await server.stop();
  await server.start(['--databases', '2']);
  const runId = await queuedRun(server.url, 'shrunk', 5);
  expect(await worker.exited).toBe(1);
  expect(worker.events.find((e) => e.type === 'refused')?.message).toBe(refusal(server.url, 5));
  // Given time to take them, it took none.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await itemCounts(pg.url, runId)).toEqual({ rows: 0, distinct: 0 });
  expect(await runInQueue(server.url, 'shrunk', runId)).toMatchObject({ waiting: 5, active: 0, done: 0 });
});

test('a worker whose Redis restarts with fewer databases takes none of the items already waiting in database 0', async () => {
  // The race at its widest: database 0 holds items (and their marker) the moment Redis is back. ioredis sends the
  // refused SELECT, then re-sends the blocking fetch that was waiting when Redis went down: in database 0.
  server = await startOwnRedisServer({ args: ['--databases', '8'] });
  worker = spawnWorker({ url: `${server.url}/5`, prefix: 'waiting', databaseUrl: pg.url, name: 'waiting-5' });
  await worker.ready;
  const runId = await queuedRun(server.url, 'waiting', 5);
  await server.stop();
  await server.start(['--databases', '2']);
  expect(await worker.exited).toBe(1);
  expect(worker.events.find((e) => e.type === 'refused')?.message).toBe(refusal(server.url, 5));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await itemCounts(pg.url, runId)).toEqual({ rows: 0, distinct: 0 });
  expect(await runInQueue(server.url, 'waiting', runId)).toMatchObject({ waiting: 5, active: 0, done: 0 });
});

test('a worker\'s connection never runs a command in database 0 when its Redis restarts without its database', async () => {
  // What the two tests above rest on, without timing: ioredis sends SELECT first on each connection and, when Redis
  // refuses it, goes on in database 0, where it re-sends the blocking fetch that was waiting when Redis went down. A
  // worker's connections (onlyInItsDatabase, inherited by BullMQ's duplicates) end at the refused SELECT instead.
  server = await startOwnRedisServer({ args: ['--databases', '8'] });
  const queue = { url: `${server.url}/5` };
  const client = createRedis(queue, undefined, { onlyInItsDatabase: true });
  const refusals: string[] = [];
  client.on('error', (error: Error) => isDatabaseRefused(error) && refusals.push(error.message));
  const admin = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  admin.on('error', () => undefined);
  try {
    expect(await firstAnswer(client, queue)).toBe(true);
    const fetch = client.bzpopmin('marker', 0);
    fetch.catch(() => undefined);
    await waitFor('the blocking fetch to be sent', async () => String(await admin.client('LIST')).includes('cmd=bzpopmin'));
    await server.stop();
    await server.start(['--databases', '2']);
    await admin.zadd('marker', 0, 'item');
    const before = refusals.length;
    await waitFor('a connection refused after the marker was added', () => refusals.length > before);
    const outcome = await Promise.race([fetch.then(() => 'fetched'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 500))]);
    expect(outcome).toBe('waiting');
    expect(await admin.zcard('marker')).toBe(1);
    expect(client.status).not.toBe('ready');
  } finally {
    client.disconnect();
    admin.disconnect();
  }
});

test('a worker started while its Redis is down takes items once Redis answers with its database', async () => {
  server = await startOwnRedisServer({ args: ['--databases', '8'] });
  await server.stop();
  worker = spawnWorker({ url: `${server.url}/5`, prefix: 'later', databaseUrl: pg.url, name: 'later-5' });
  await worker.ready;
  await server.start();
  const run = await submitRun({ queue: { url: `${server.url}/5`, prefix: 'later' }, databaseUrl: pg.url, task: { module: TASK_MODULE }, metrics: METRICS, metricFiles: [METRIC_FILE], dataset: makeItems(20) });
  try {
    expect(await run.done()).toMatchObject({ status: 'completed', done: 20 });
  } finally {
    await run.close();
  }
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 20, distinct: 20 });
  expect(worker.events.map((e) => e.type)).not.toContain('refused');
});

// CLIENT LIST names the connections of every database of the server, and a queue's name and prefix are the same in
// each: queue status of database 3 listed the worker of database 5 as alive, though it never takes database 3's items.
test('queueStatus lists only the workers connected to its own database', async () => {
  server = await startOwnRedisServer({ args: ['--databases', '8'] });
  worker = spawnWorker({ url: `${server.url}/5`, prefix: 'dbs', databaseUrl: pg.url, name: 'worker-of-5' });
  await worker.ready;
  expect((await queueStatus({ url: `${server.url}/5`, prefix: 'dbs' })).workers.map((w) => w.name)).toEqual(['worker-of-5']);
  expect((await queueStatus({ url: `${server.url}/3`, prefix: 'dbs' })).workers).toEqual([]);
});
