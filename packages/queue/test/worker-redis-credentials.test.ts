import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, listKeys, startOwnRedisServer, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { Redis } from 'ioredis';
import { cancelRun, queueStatus, QueueUnreachableError, startWorker } from '../src';

// A worker whose Redis URL carries credentials the server refuses logged the refusal once and then said it was
// "waiting for items" for ever: a password Redis refuses now is refused later too. It fails at start instead, as the
// submitter does, naming the URL with its password hidden.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;

beforeAll(async () => {
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

test('startWorker refuses credentials its Redis refuses, without showing the password, and writes nothing', async () => {
  const password = 'QXZ-hunter-JKW';
  const url = redis.url.replace('redis://', `redis://nobody:${password}@`);
  const events: string[] = [];
  const error = await startWorker({ queue: { url, prefix: redis.prefix }, databaseUrl: pg.url, onEvent: (e) => events.push(e.message) }).then(
    async (worker) => {
      await worker.close();
      return undefined;
    },
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(QueueUnreachableError);
  expect(error!.message).toBe(
    `The queue's Redis at ${url.replace(password, '***')} refused the URL's credentials: WRONGPASS invalid username-password pair or user is disabled. ` +
      'Check the user name and password in the URL (redis://user:password@host:6379, percent-encoded).',
  );
  expect([error!.message, ...events].join('\n')).not.toContain('hunter');
  expect(await listKeys(redis.url, redis.prefix)).toEqual([]);
});

// A wrong password on a Redis that requires one: ioredis's WRONGPASS for AUTH comes with the NOAUTH of the pipelined
// SELECT, which no listener took: `queue status` printed "[ioredis] Unhandled error event" and a stack trace before its
// one-line error.
test('a refused password is one error, without ioredis printing the late replies', async () => {
  const server = await startOwnRedisServer();
  const admin = new Redis(server.url);
  await admin.config('SET', 'requirepass', 'the-right-one');
  admin.disconnect();
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const url = server.url.replace('redis://', 'redis://:WRONG-pw-321@');
    await expect(queueStatus({ url: `${url}/3`, prefix: 'pw' })).rejects.toThrow(QueueUnreachableError);
    await expect(cancelRun({ url: `${url}/3`, prefix: 'pw' }, 'no-such-run', { databaseUrl: pg.url })).rejects.toThrow(QueueUnreachableError);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(printed.mock.calls.map((call) => String(call[0]))).toEqual([]);
  } finally {
    printed.mockRestore();
    await server.destroy();
  }
});
