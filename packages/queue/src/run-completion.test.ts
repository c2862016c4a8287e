import { startOwnRedisServer, type OwnRedisServer } from '@llm-eval/test-databases';
import { Redis } from 'ioredis';
import { isRunComplete, markItemDone } from './run-completion';
import { runKeys } from './run-keys';

// A Redis server of this file's own: the test flushes its script cache and restarts it.
let server: OwnRedisServer;
let redis: Redis;
/** Script commands (EVAL/EVALSHA) Redis received, in order. */
const scriptCalls: string[] = [];

beforeAll(async () => {
  server = await startOwnRedisServer();
  redis = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
});

afterAll(async () => {
  await redis?.quit();
  await server?.destroy();
});

/** Waits until MONITOR has reported `count` script calls (it reports them asynchronously). */
async function scriptCallsSoFar(count: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  while (scriptCalls.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return scriptCalls.splice(0);
}

test('counts each item once however often it is marked, and tells complete once done reaches total', async () => {
  const keys = runKeys('mark', 'run-1');
  await redis.hset(keys.hash, 'total', '3');
  expect(await markItemDone(redis, 'mark', 'run-1', 0, false)).toBe(false);
  expect(await markItemDone(redis, 'mark', 'run-1', 0, false)).toBe(false);
  expect(await markItemDone(redis, 'mark', 'run-1', 1, true)).toBe(false);
  expect(await isRunComplete(redis, 'mark', 'run-1')).toBe(false);
  expect(await markItemDone(redis, 'mark', 'run-1', 2, false)).toBe(true);
  expect(await isRunComplete(redis, 'mark', 'run-1')).toBe(true);
  expect(await redis.hmget(keys.hash, 'done', 'failed', 'finalizing')).toEqual(['3', '1', '1']);
});

test('sends the script once per connection and its SHA after that, and sends it again when Redis forgot it', async () => {
  const monitorBase = new Redis(server.url);
  const monitor = await monitorBase.monitor(); // a connection of its own in MONITOR mode
  monitor.on('monitor', (_time: string, args: string[]) => {
    const name = args[0]?.toLowerCase();
    if (name === 'eval' || name === 'evalsha') scriptCalls.push(name);
  });
  try {
    await checkScriptCalls();
  } finally {
    monitor.disconnect();
    monitorBase.disconnect();
  }
});

async function checkScriptCalls(): Promise<void> {
  for (let i = 0; i < 5; i++) await markItemDone(redis, 'sha', 'run-2', i, false);
  // The connection already sent the script in the test before.
  expect(await scriptCallsSoFar(5)).toEqual(['evalsha', 'evalsha', 'evalsha', 'evalsha', 'evalsha']);

  await redis.script('FLUSH');
  await markItemDone(redis, 'sha', 'run-2', 5, false);
  await markItemDone(redis, 'sha', 'run-2', 6, false);
  // NOSCRIPT on the SHA, the script again, then the SHA.
  expect(await scriptCallsSoFar(3)).toEqual(['evalsha', 'eval', 'evalsha']);
  expect(await redis.hget(runKeys('sha', 'run-2').hash, 'done')).toBe('7');
}

test('keeps counting after Redis restarts (a new connection, an empty script cache)', async () => {
  await redis.hset(runKeys('restart', 'run-3').hash, 'total', '2');
  expect(await markItemDone(redis, 'restart', 'run-3', 0, false)).toBe(false);
  await server.restart();
  expect(await markItemDone(redis, 'restart', 'run-3', 1, false)).toBe(true);
  expect(await redis.hget(runKeys('restart', 'run-3').hash, 'done')).toBe('2');
});
