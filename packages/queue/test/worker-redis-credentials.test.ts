import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, listKeys, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { QueueUnreachableError, startWorker } from '../src';

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
