import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, startOwnRedisServer, type OwnRedisServer, type TestDatabase } from '@llm-eval/test-databases';
import { queueStatus, QueueUnreachableError, startWorker, type WorkerEvent } from '../src';
import { createRedis } from '../src/redis-connection';

// A Redis server may quote the password it was sent in its error: one with AUTH renamed answers "ERR unknown command
// 'auth', with args beginning with: '<password>'", and `queue status`, `evaluate --queue` and every worker log line
// printed it, though they hid it in the URL next to it. The client now hides its credentials in its errors.
const PASSWORD = 'S3cretRedisPw-QXZ';
let server: OwnRedisServer;
let url: string;
let pg: TestDatabase;
let db: Database;

beforeAll(async () => {
  server = await startOwnRedisServer({ args: ['--rename-command', 'AUTH', ''] });
  url = server.url.replace('redis://', `redis://:${PASSWORD}@`);
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterAll(async () => {
  await server?.destroy();
  await db?.close();
  await pg?.drop();
});

test('queueStatus quotes the Redis error without the password', async () => {
  const error = await queueStatus({ url, prefix: 'credentials' }).then(() => undefined, (e: Error) => e);
  expect(error).toBeInstanceOf(QueueUnreachableError);
  expect(error!.message).toContain(`Cannot reach the queue's Redis at ${url.replace(PASSWORD, '***')}: ERR unknown command 'auth', with args beginning with: '***'`);
  expect(`${error!.message}\n${error!.stack}`).not.toContain(PASSWORD);
});

test("a worker's events quote the Redis error without the password", async () => {
  const events: WorkerEvent[] = [];
  const worker = await startWorker({ queue: { url, prefix: 'credentials' }, databaseUrl: pg.url, name: 'wq', onEvent: (event) => events.push(event) });
  try {
    // Both the worker's own connection and BullMQ's duplicates of it report the refused AUTH.
    while (events.filter((event) => event.type === 'error').length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await worker.close();
  }
  const errors = events.filter((event) => event.type === 'error').map((event) => event.message);
  expect(errors).toContain(`worker wq: the queue's Redis at ${url.replace(PASSWORD, '***')}: ERR unknown command 'auth', with args beginning with: '***' `);
  expect(errors).toContain(`worker wq: ERR unknown command 'auth', with args beginning with: '***' `);
  expect(JSON.stringify(events)).not.toContain(PASSWORD);
});

test('a command the refused AUTH ends, and a duplicate of the client, see the error without the password', async () => {
  const redis = createRedis({ url });
  const copy = redis.duplicate();
  const heard: string[] = [];
  copy.on('error', (error: Error) => heard.push(error.message));
  try {
    const rejected = await redis.get('anything').catch((e: Error) => e);
    expect(String(rejected)).toContain("with args beginning with: '***'");
    expect(`${String(rejected)}\n${(rejected as Error).stack}`).not.toContain(PASSWORD);
    while (heard.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard[0]).toContain("with args beginning with: '***'");
    expect(heard.join('\n')).not.toContain(PASSWORD);
  } finally {
    redis.disconnect();
    copy.disconnect();
  }
});
