import Redis from 'ioredis';
import { useTestRedis } from '@llm-eval/test-databases';
import { RedisPauseGate } from '../src/redis-pause-gate';

// The Retry-After pause of a run without a rate limit, shared by every worker through Redis.
const testRedis = useTestRedis();
const clients: Redis[] = [];
let keyCount = 0;

function connect(): Redis {
  const client = new Redis(testRedis.url);
  clients.push(client);
  return client;
}

function uniqueKey(): string {
  return `${testRedis.prefix}:pause:${++keyCount}`;
}

/**
 * Until a pause sent fire-and-forget by one gate is on Redis (its key has a time to live).
 * A fixed sleep is not enough: on a loaded machine the pausing gate's connection may not even be open yet, and a
 * gate that read Redis before the write would rightly see no pause.
 */
async function untilStored(key: string): Promise<void> {
  const reader = connect();
  for (;;) {
    if ((await reader.pttl(key)) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
});

describe('RedisPauseGate', () => {
  it('lets items start at once while nobody paused, reading Redis at most once per refresh interval', async () => {
    const redis = connect();
    const gate = new RedisPauseGate(redis, uniqueKey(), { refreshMs: 60_000 });
    await gate.acquire(); // the first start reads the shared pause
    for (let i = 0; i < 1000; i++) expect(gate.acquire()).toBeUndefined();
  });

  it("a pause in one worker holds another worker's next start (its own connection, its own gate) until it is over", async () => {
    const key = uniqueKey();
    const a = new RedisPauseGate(connect(), key, { refreshMs: 50 });
    const b = new RedisPauseGate(connect(), key, { refreshMs: 50 });
    await b.acquire();
    // Measured from the pause itself: the sleep below can last far longer than 100 ms on a loaded machine, and b is
    // held until the pause's end, not for a fixed time after the sleep (a lower bound, which load can only lengthen).
    const paused = performance.now();
    a.pause(800);
    await untilStored(key);
    await new Promise((resolve) => setTimeout(resolve, 60)); // b's view is now older than refreshMs
    const observer = connect();
    await observer.ping(); // connected before the pause ends, so the read below is not late
    await b.acquire();
    expect(performance.now() - paused).toBeGreaterThanOrEqual(750);
    // The key goes away by itself after the pause.
    const ttl = await observer.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_900);
  });

  it('a later, longer pause wins; a shorter one does not cut it', async () => {
    const key = uniqueKey();
    const a = new RedisPauseGate(connect(), key, { refreshMs: 20 });
    const b = new RedisPauseGate(connect(), key, { refreshMs: 20 });
    const paused = performance.now();
    a.pause(900);
    await untilStored(key);
    b.pause(100);
    await new Promise((resolve) => setTimeout(resolve, 50)); // b's shorter pause has reached Redis too
    const c = new RedisPauseGate(connect(), key, { refreshMs: 20 });
    await c.acquire();
    // Measured from the first pause: c is held to its end, not to the shorter one's.
    expect(performance.now() - paused).toBeGreaterThanOrEqual(850);
  });

  it("tells how long a pause lasts yet, its own or another worker's once read, so a worker can hand items back until then", async () => {
    const key = uniqueKey();
    const a = new RedisPauseGate(connect(), key, { refreshMs: 20 });
    const b = new RedisPauseGate(connect(), key, { refreshMs: 20 });
    await b.acquire(); // b's connection is open and has read Redis once: its next read is one command
    expect(a.pausedForMs()).toBe(0);
    const pausedAt = performance.now();
    a.pause(5_000);
    expect(a.pausedForMs()).toBeGreaterThan(4_900);
    expect(a.pausedForMs()).toBeLessThanOrEqual(5_000);
    // b has not read it yet; an item waiting at b reads it.
    expect(b.pausedForMs()).toBe(0);
    await untilStored(key);
    await new Promise((resolve) => setTimeout(resolve, 30)); // b's last read is older than refreshMs
    const controller = new AbortController();
    const waiting = b.acquire(controller.signal);
    expect(waiting).toBeInstanceOf(Promise); // b reads the shared pause before its next start
    waiting?.catch(() => undefined); // rejected by the abort below
    for (const deadline = performance.now() + 20_000; b.pausedForMs() === 0 && performance.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // What is left of a's pause when b read it, give or take the read's own time.
    expect(b.pausedForMs()).toBeGreaterThan(5_000 - (performance.now() - pausedAt) - 50);
    expect(b.pausedForMs()).toBeLessThanOrEqual(5_000);
    controller.abort(new Error('done'));
  });

  it('waiting rejects with the abort reason when the signal aborts', async () => {
    const gate = new RedisPauseGate(connect(), uniqueKey());
    gate.pause(5_000);
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('run cancelled'));
    await expect(waiting).rejects.toThrow('run cancelled');
  });

  it('never holds an item when Redis cannot be reached, and tells onError once, not on every start', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    clients.push(unreachable);
    const errors: Error[] = [];
    const gate = new RedisPauseGate(unreachable, 'llm-eval-test-unreachable-pause', { refreshMs: 1, onError: (error) => errors.push(error) });
    for (let i = 0; i < 5; i++) await gate.acquire();
    expect(() => gate.pause(1_000)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/Retry-After pause on Redis key "llm-eval-test-unreachable-pause" could not be read/);
  });

  it('does not wait more than a second for a Redis that holds its commands (restarting)', async () => {
    // An offline queue and no retry limit: commands wait for a connection that never comes.
    const holding = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: () => 1_000 });
    const gate = new RedisPauseGate(holding, 'llm-eval-test-holding-pause');
    try {
      await expect(gate.acquire()).resolves.toBeUndefined();
    } finally {
      holding.disconnect(); // quit() would wait for the connection too
    }
  });
});
