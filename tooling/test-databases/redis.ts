import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** The Redis every queue test uses; CI starts one at 127.0.0.1:6379 (see .ci/run). */
export const REDIS_TEST_URL = process.env.LLM_EVAL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own on the shared test Redis, removed with every key under it by `drop()`. */
export interface TestRedis {
  url: string;
  prefix: string;
  drop(): Promise<void>;
}

/** Fails (never skips) when Redis is not reachable. */
export async function requireRedis(url = REDIS_TEST_URL): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`Queue tests need Redis at ${url} (set LLM_EVAL_TEST_REDIS_URL; .ci/run starts it): ${(error as Error).message}`);
  } finally {
    client.disconnect();
  }
}

/** Calls `each` with every batch of keys that start with `prefix` (SCAN, a batch at a time), on one connection. */
async function scanKeys(url: string, prefix: string, each: (client: Redis, keys: string[]) => Promise<unknown> | void): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await each(client, keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** Deletes every key that starts with `prefix`. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  await scanKeys(url, prefix, (client, keys) => client.unlink(...keys));
}

/** Every key that starts with `prefix`, sorted. */
export async function listKeys(url: string, prefix: string): Promise<string[]> {
  const found: string[] = [];
  await scanKeys(url, prefix, (_client, keys) => {
    found.push(...keys);
  });
  return found.sort();
}

/** A fresh key prefix on the test Redis. */
export async function createTestRedis(url = REDIS_TEST_URL): Promise<TestRedis> {
  await requireRedis(url);
  const prefix = `llm-eval-test-${randomBytes(5).toString('hex')}`;
  return { url, prefix, drop: () => deleteKeys(url, prefix) };
}

/** Registers beforeAll/afterAll giving the calling file its own key prefix on the test Redis. */
export function useTestRedis(): { readonly url: string; readonly prefix: string } {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await createTestRedis();
  });
  afterAll(async () => {
    await redis?.drop();
  });
  return {
    get url() {
      return redis!.url;
    },
    get prefix() {
      return redis!.prefix;
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Redis server of the test's own (`redis-server` on a free port, append-only file in a temp dir), for tests that
 * stop and restart Redis. `restart()` stops it and starts it again on the same port and data.
 */
export interface OwnRedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts it again (after stop()); with `args`, those settings instead of the ones it had (`['--databases', '2']`). */
  start(args?: string[]): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and removes its data. */
  destroy(): Promise<void>;
}

/** Starts an OwnRedisServer; `args` are more redis-server settings (`['--databases', '2']`). */
export async function startOwnRedisServer(options: { args?: string[] } = {}): Promise<OwnRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-redis-'));
  let child: ChildProcess | undefined;
  let args = options.args ?? [];
  const url = `redis://127.0.0.1:${port}`;
  const start = async (newArgs?: string[]) => {
    args = newArgs ?? args;
    child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, ...args], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await requireRedis(url);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    port,
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
