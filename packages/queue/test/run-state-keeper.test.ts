import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { RunStateKeeper } from '../src/run-state-keeper';
import { ITEMS_QUEUE, runKeys } from '../src/run-keys';

// The keeper alone, against real Redis and PostgreSQL: which outstanding items it forgets as Redis counts them done,
// and what it writes back after a loss. No workers: the test plays their part with SETBIT and addItems.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let client: Redis;
let queue: Queue;

beforeAll(async () => {
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
  queue = new Queue(ITEMS_QUEUE, { connection: client, prefix: redis.prefix });
});

afterAll(async () => {
  await queue?.close();
  client?.disconnect();
  await db?.close();
  await pg?.drop();
});

const item = (index: number) => ({ id: `item-${index}`, index, input: { n: index } });

async function keeperFor(count: number, options: { spread?: number } = {}) {
  const now = new Date();
  const run = await db.runs.createRun({ name: 'kept', status: 'running', startedAt: now, createdAt: now, heartbeatAt: now });
  const keys = runKeys(redis.prefix, run.id);
  const fields = { spec: '{"task":{"module":"/x.mjs"},"metrics":[],"metricFiles":[],"config":{}}', name: 'kept', startedAt: String(now.getTime()) };
  await client.hset(keys.hash, { ...fields, enqueued: '0', done: '0', failed: '0' });
  const restores: Array<{ requeued: number; alreadyStored: number }> = [];
  const keeper = new RunStateKeeper({
    redis: client,
    queue,
    db,
    prefix: redis.prefix,
    runId: run.id,
    fields,
    submitter: { owner: 'test', ttlMs: 30_000 },
    onRestored: (r) => restores.push(r),
  });
  const items = Array.from({ length: count }, (_, i) => item(i * (options.spread ?? 1)));
  keeper.track(items);
  keeper.noteEnqueued(items.length);
  return { keeper, keys, runId: run.id, restores, items };
}

/** What a worker does when it finishes an item: SETBIT, and count it when the bit was new. */
async function markDone(keys: ReturnType<typeof runKeys>, index: number): Promise<void> {
  if ((await client.setbit(keys.done, index, 1)) === 0) await client.hincrby(keys.hash, 'done', 1);
}

async function loseEverything(keys: ReturnType<typeof runKeys>): Promise<void> {
  await client.del(keys.hash, keys.done);
  await queue.obliterate({ force: true });
}

test.each([
  ['a dense window (one GETRANGE)', 1],
  ['a window too sparse for one read (a GETBIT each)', 70_000],
])('forgets exactly the items Redis counts done, in %s', async (_, spread) => {
  const { keeper, keys, items } = await keeperFor(40, { spread });
  const done = items.filter((_, i) => i % 3 === 0 || i === 39).map((it) => it.index);
  for (const index of done) await markDone(keys, index);
  expect(await keeper.check()).toBe('running');
  expect(keeper.outstandingCount).toBe(40 - done.length);
  // Nothing is forgotten twice, and an item done later is forgotten then.
  expect(await keeper.check()).toBe('running');
  expect(keeper.outstandingCount).toBe(40 - done.length);
  await markDone(keys, items[1]!.index);
  await keeper.check();
  expect(keeper.outstandingCount).toBe(40 - done.length - 1);
});

test('after a loss, the run is written back with every item seen done, the stored ones counted, and the rest enqueued again', async () => {
  const { keeper, keys, runId, restores, items } = await keeperFor(30);
  // Seen done before the loss: items 0–9 (bits 0–9, across a byte boundary).
  for (let i = 0; i < 10; i++) await markDone(keys, i);
  expect(await keeper.check()).toBe('running');
  expect(keeper.outstandingCount).toBe(20);
  // Items 10–14 were stored by a worker that had not counted them when Redis lost everything.
  await db.runs.addItems(runId, items.slice(10, 15).map((it) => ({ itemId: it.id, sequenceNumber: it.index, status: 'completed' as const })));
  await loseEverything(keys);
  // A worker finishes item 15 after the loss and counts it in the new, empty bitmap.
  await markDone(keys, 15);
  expect(await keeper.check()).toBe('restored');
  expect(restores).toEqual([{ requeued: 14, alreadyStored: 5 }]);
  const hash = await client.hgetall(keys.hash);
  expect(hash).toMatchObject({ name: 'kept', enqueued: '30', done: '16' });
  expect(hash.spec).toContain('/x.mjs');
  expect(await client.bitcount(keys.done)).toBe(16);
  for (let i = 0; i < 16; i++) expect(await client.getbit(keys.done, i)).toBe(1);
  for (let i = 16; i < 30; i++) expect(await client.getbit(keys.done, i)).toBe(0);
  // Enqueued again: exactly the items neither counted nor stored.
  const waiting = await queue.getJobs(['waiting']);
  expect(waiting.map((job) => (job.data as { item: { index: number } }).item.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 14 }, (_, i) => 16 + i));
  // Written back once: the next check finds the run in place.
  expect(await keeper.check()).toBe('running');
  expect(restores).toHaveLength(1);
  expect(keeper.outstandingCount).toBe(14);
});
