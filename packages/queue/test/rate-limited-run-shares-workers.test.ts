import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { submitRun } from '../src';
import { ITEMS_QUEUE } from '../src/run-keys';
import { itemCounts, makeItems, METRIC_FILE, METRICS, query, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';

// A run held by its own rate limit (--rps) or by a Retry-After pause kept every task slot and every job of the workers
// while its items waited their turn, so another run submitted meanwhile started only when the first one's held items
// had all run: behind a run at 1 item/s, a 30-item run took 50 s instead of under one. Waiting items now free their
// task slot, and a worker holds at most `concurrency` waiting items of a run (more go back to the queue for a moment),
// so the other run is served at once. Real Redis, real PostgreSQL, a real worker process.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

const submit = (name: string, count: number, config: Record<string, unknown> = {}) =>
  submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    dataset: makeItems(count, () => ({ delayMs: 20 })),
    maxQueuedItems: 100_000,
    config,
    run: { name },
  });

test('a run slowed by its own rate limit leaves the workers to another run, and still keeps its rate', async () => {
  const worker: WorkerProcess = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'limited', concurrency: 3 });
  try {
    await worker.ready;
    const slow = await submit('limited-slow', 60, { requestsPerSecond: 1 });
    await waitFor('the limited run under way', async () => (await itemCounts(pg.url, slow.runId)).rows >= 2);
    const slowBefore = (await itemCounts(pg.url, slow.runId)).rows;
    const other = await submit('limited-other', 30);
    expect((await other.done()).status).toBe('completed');
    // Held behind the limited run, the 30 items got a task slot only as its held items ran, at 1 a second: the limited
    // run stored about 30 more items meanwhile. Served beside it (its extra items wait up to a second for room before
    // they go back to the queue, and come back), they are done while it stores a handful (15 leaves a loaded machine
    // 15 s to submit and finish the other run).
    const slowDuring = (await itemCounts(pg.url, slow.runId)).rows - slowBefore;
    expect(slowDuring).toBeLessThanOrEqual(15);
    expect(await itemCounts(pg.url, other.runId)).toEqual({ rows: 30, distinct: 30 });
    // The limited run goes on, its handed-back items coming back for their turns, and keeps its pace while it lends its
    // slots: no two of its items finish less than a limiter's interval apart, give or take the task's 20 ms and a late
    // wake-up (its completions follow the limiter's starts, 1 s apart).
    await waitFor('the limited run going on after the other one', async () => (await itemCounts(pg.url, slow.runId)).rows >= 6, 20_000);
    await slow.cancel();
    const rows = await query<{ at: Date }>(pg.url, 'SELECT completed_at AS at FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) ORDER BY completed_at', [slow.runId]);
    const times = rows.map((r) => r.at.getTime());
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times.length).toBeGreaterThan(3);
    expect(Math.min(...gaps)).toBeGreaterThan(250);
    await Promise.all([slow.close(), other.close()]);
  } finally {
    await worker.stop();
  }
});

test('a run at a rate so low that its next start is seconds off hands its further items back until then', async () => {
  // At 0.5 items/s the starts reserved for the items waiting in the worker lie seconds ahead. Its further items waited a
  // second for room, went back to the queue for a second and came round again ahead of the other run's items on the
  // fair-share clock, so they held the worker's job slots most of the time: over three workers another run's items
  // waited 17-55 s. They now go back until the run's next start could come.
  const worker: WorkerProcess = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'slow-rate', concurrency: 6 });
  const client = new Redis(redis.url);
  const queue = new Queue(ITEMS_QUEUE, { connection: client, prefix: redis.prefix });
  try {
    await worker.ready;
    const slow = await submit('slow-rate', 40, { requestsPerSecond: 0.5 });
    await waitFor('the slow run under way', async () => (await itemCounts(pg.url, slow.runId)).rows >= 1);
    // Each handed-back item is due when the starts reserved ahead of it are made: with three of them waiting in the
    // worker (half its six task slots) at one per 2 s, at least 4 s after the worker took it. It was at most 2.5 s: a
    // second's wait for room and a second's hand-back, give or take half of it.
    const delayed = await waitFor('the slow run\'s further items handed back', async () => {
      const jobs = (await queue.getJobs(['delayed'], 0, -1)).filter((job) => job.data.runId === slow.runId);
      return jobs.length >= 20 && jobs;
    }, 20_000);
    for (const job of delayed) {
      const dueAt = Math.floor(Number(await client.zscore(queue.toKey('delayed'), job.id!)) / 0x1000);
      expect({ job: job.id, heldMs: dueAt - job.processedOn! > 4_000 }).toEqual({ job: job.id, heldMs: true });
      expect(job.attemptsStarted).toBe(1);
    }
    const slowBefore = (await itemCounts(pg.url, slow.runId)).rows;
    const other = await submit('slow-rate-other', 30);
    expect((await other.done()).status).toBe('completed');
    expect(await itemCounts(pg.url, other.runId)).toEqual({ rows: 30, distinct: 30 });
    // The other run's 30 items of 20 ms are done while the slow run makes a few of its starts, 2 s apart (5 of them
    // leave a loaded machine 10 s to submit and finish the other run).
    expect((await itemCounts(pg.url, slow.runId)).rows - slowBefore).toBeLessThanOrEqual(5);
    await slow.cancel();
    await Promise.all([slow.close(), other.close()]);
  } finally {
    await queue.close();
    client.disconnect();
    await worker.stop();
  }
});

test('a run paused by a Retry-After leaves the workers to another run for the whole pause', async () => {
  const worker: WorkerProcess = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'paused', concurrency: 3 });
  try {
    await worker.ready;
    // The first three items answer 429 with a Retry-After of a minute: every item of the run waits for it, those three
    // too (in their backoff before the retry), one in each of the worker's three task slots.
    const submittedAt = Date.now();
    const paused = await submitRun({
      queue: { url: redis.url, prefix: redis.prefix },
      databaseUrl: pg.url,
      task: { module: TASK_MODULE },
      metrics: METRICS,
      metricFiles: [METRIC_FILE],
      dataset: makeItems(40, (n) => (n < 3 ? { mode: 'retryAfter', retryAfterMs: 60_000 } : { delayMs: 20 })),
      maxQueuedItems: 100_000,
      config: { retries: 1, retryBaseDelayMs: 10, retryMaxDelayMs: 50 },
      run: { name: 'paused' },
    });
    const other = await submit('paused-other', 30);
    // Held behind the pause, none of the other run's items could start before it ended: a minute.
    expect((await other.done()).status).toBe('completed');
    expect(await itemCounts(pg.url, other.runId)).toEqual({ rows: 30, distinct: 30 });
    expect((await itemCounts(pg.url, paused.runId)).rows).toBeLessThan(40);
    // The paused run's other items wait in the queue until the pause is over, taken once: handed back for a second at
    // a time, they came round again and again ahead of the other run's items on the fair-share clock, holding the
    // worker's job slots (a 30-item run then waited 8-15 s for its first item).
    const client = new Redis(redis.url);
    const queue = new Queue(ITEMS_QUEUE, { connection: client, prefix: redis.prefix });
    try {
      const delayed = await waitFor("the paused run's other items handed back until the pause is over", async () => {
        const jobs = (await queue.getJobs(['delayed'], 0, -1)).filter((job) => job.data.runId === paused.runId);
        return jobs.length >= 30 && jobs;
      }, 20_000);
      for (const job of delayed) {
        const dueAt = Math.floor(Number(await client.zscore(queue.toKey('delayed'), job.id!)) / 0x1000);
        // The pause began after the run was submitted and lasts a minute (less the clock's and the test's slack).
        expect(dueAt).toBeGreaterThan(submittedAt + 55_000);
        expect(job.attemptsStarted).toBe(1);
      }
    } finally {
      await queue.close();
      client.disconnect();
    }
    await paused.cancel();
    await Promise.all([paused.close(), other.close()]);
  } finally {
    await worker.stop();
  }
});
