import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { FAIR_BLOCK, fairPriorities } from '../src/fair-share';
import { itemJobs } from '../src/item-jobs';
import { ITEMS_QUEUE } from '../src/run-keys';
import { itemCounts, makeItems, METRIC_FILE, METRICS, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';

// Runs share the workers: a run submitted while another has thousands of items waiting (a detached run enqueues all
// of them at once) is served beside it, not after it. Real Redis, real PostgreSQL, a real worker process.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let client: Redis;
let queue: Queue;

beforeAll(async () => {
  requireFreshBuild();
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

describe('the fair-share clock (no workers: the test reads the priorities and the order BullMQ would hand out)', () => {
  afterEach(async () => {
    await queue.obliterate({ force: true });
  });

  async function enqueue(runId: string, from: number, count: number): Promise<number[]> {
    const items = Array.from({ length: count }, (_, i) => item(from + i));
    const priorities = await fairPriorities(client, queue, redis.prefix, runId, count);
    await queue.addBulk(itemJobs(redis.prefix, runId, items, 8, priorities));
    return priorities;
  }

  test('a run that arrives while another has many items waiting starts level with the item taken next, and the two alternate', async () => {
    const first = await enqueue('run-a', 0, 10 * FAIR_BLOCK);
    expect(first[0]).toBe(1);
    expect(first.at(-1)).toBe(10);
    // Run B arrives: its items share the block workers take next, so it waits for at most one block of run A's.
    const second = await enqueue('run-b', 0, 2 * FAIR_BLOCK);
    expect(second[0]).toBe(1);
    expect(second.at(-1)).toBe(2);
    // The order workers take them: A's first block, B's first, A's second, B's second, then the rest of A.
    const order = (await queue.getJobs(['prioritized'], 0, -1, true)).map((job) => `${job.data.runId}:${Math.floor(job.data.item.index / FAIR_BLOCK)}`);
    const turns = order.filter((turn, i) => turn !== order[i - 1]);
    expect(turns).toEqual(['run-a:0', 'run-b:0', 'run-a:1', 'run-b:1', 'run-a:2', 'run-a:3', 'run-a:4', 'run-a:5', 'run-a:6', 'run-a:7', 'run-a:8', 'run-a:9']);
  });

  test('a run never goes back on its own slots, and catches up with the clock once its items were taken', async () => {
    const a1 = await enqueue('run-a', 0, 3 * FAIR_BLOCK);
    await enqueue('run-b', 0, 8 * FAIR_BLOCK);
    // Run A's next items continue after its own, not back at the clock's block.
    const a2 = await enqueue('run-a', 3 * FAIR_BLOCK, FAIR_BLOCK);
    expect(a2[0]).toBe(a1.at(-1)! + 1);
    // Workers take everything up to B's sixth block; A's next items start there, not at its old slot.
    const taken = (await queue.getJobs(['prioritized'], 0, -1, true)).filter((job) => job.opts.priority! < 6);
    await Promise.all(taken.map((job) => job.remove()));
    const a3 = await enqueue('run-a', 4 * FAIR_BLOCK, 1);
    expect(a3).toEqual([6]);
  });

  test('an idle queue starts the clock again, so priorities stay small however long the queue lives', async () => {
    await enqueue('run-a', 0, 100 * FAIR_BLOCK);
    await queue.obliterate({ force: true });
    expect(await enqueue('run-b', 0, 5)).toEqual([1, 1, 1, 1, 1]);
    // Run A's old slots belong to the previous epoch: it starts level with B.
    expect((await enqueue('run-a', 100 * FAIR_BLOCK, 1))[0]).toBe(1);
  });
});

test('a run submitted behind a run with all its items waiting is served beside it: it finishes long before the first run', async () => {
  const worker: WorkerProcess = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'fair', concurrency: 2 });
  try {
    await worker.ready;
    const submit = (name: string, count: number, maxQueuedItems: number) =>
      submitRun({
        queue: { url: redis.url, prefix: redis.prefix },
        databaseUrl: pg.url,
        task: { module: TASK_MODULE },
        metrics: METRICS,
        metricFiles: [METRIC_FILE],
        dataset: makeItems(count, () => ({ delayMs: 20 })),
        maxQueuedItems,
        run: { name },
      });
    // As --detach does: every item of the first run waits in Redis at once.
    const big = await submit('fair-big', 400, 100_000);
    await waitFor('the first run under way', async () => (await itemCounts(pg.url, big.runId)).rows >= 20);
    const small = await submit('fair-small', 30, 1_000);
    expect(await small.enqueued).toBe(30);
    const bigAtSmallsStart = (await itemCounts(pg.url, big.runId)).rows;
    expect((await small.done()).status).toBe('completed');
    const bigAtSmallsEnd = (await itemCounts(pg.url, big.runId)).rows;
    // First come, first served would have run all 400 items of the first run before any of the second. Shared, the
    // first run stores a few dozen while the second runs (counted from the second's items being queued: a loaded
    // machine may take a while to queue them, while the first run goes on).
    expect(bigAtSmallsEnd).toBeLessThan(400);
    expect(bigAtSmallsEnd - bigAtSmallsStart).toBeLessThan(200);
    expect((await big.done()).status).toBe('completed');
    await Promise.all([big.close(), small.close()]);
    expect(await itemCounts(pg.url, big.runId)).toEqual({ rows: 400, distinct: 400 });
    expect(await itemCounts(pg.url, small.runId)).toEqual({ rows: 30, distinct: 30 });
  } finally {
    await worker.stop();
  }
});
