import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { useTestRedis } from '@llm-eval/test-databases';
import { queueStatus } from '../src';
import { activeRunsKey, ITEM_JOB, ITEMS_QUEUE, RUN_FIELDS, runKeys } from '../src/run-keys';
import { waitFor } from './helpers';

// `queue status` counted each run's delayed and failed items among the first 5,000 jobs of that state across the whole
// queue: past that, a run's delayed items were counted as waiting, and a run whose jobs came later showed none at all.
// Delayed jobs pile up that far when many workers' items wait out a long Retry-After, failed ones over a week of runs.
const redis = useTestRedis();

/** Registers a run as the submitter does (in the set of active runs, with its counters), without a database. */
async function registerRun(client: Redis, runId: string, name: string, enqueued: number): Promise<void> {
  const keys = runKeys(redis.prefix, runId);
  await client.sadd(activeRunsKey(redis.prefix), runId);
  await client.hset(keys.hash, RUN_FIELDS.name, name, RUN_FIELDS.enqueued, String(enqueued), RUN_FIELDS.total, String(enqueued), RUN_FIELDS.done, '0');
}

/** Adds item jobs of the run with indexes [from, to), each held back for an hour (a Retry-After the workers wait out). */
async function addDelayed(items: Queue, runId: string, from: number, to: number): Promise<void> {
  const keys = runKeys(redis.prefix, runId);
  for (let start = from; start < to; start += 1_000) {
    const jobs = [];
    for (let index = start; index < Math.min(to, start + 1_000); index++) {
      jobs.push({ name: ITEM_JOB, data: { runId, item: { index } }, opts: { jobId: keys.itemJobId(index), delay: 3_600_000 } });
    }
    await items.addBulk(jobs);
  }
}

test('every delayed and failed item is counted for its own run, past 5,000 across the queue', async () => {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const items = new Queue(ITEMS_QUEUE, { connection: client, prefix: redis.prefix });
  const big = randomUUID();
  const small = randomUUID();
  const failing = randomUUID();
  const workerConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
  let worker: Worker | undefined;
  try {
    await registerRun(client, big, 'big', 7_000);
    await registerRun(client, small, 'small', 400);
    await registerRun(client, failing, 'failing', 30);
    await addDelayed(items, big, 0, 5_600);
    await addDelayed(items, small, 0, 300);
    // Failed jobs, made by a BullMQ worker whose processor throws (one attempt each), as an infrastructure failure is.
    const failingKeys = runKeys(redis.prefix, failing);
    await items.addBulk(Array.from({ length: 30 }, (_, index) => ({ name: ITEM_JOB, data: { runId: failing, item: { index } }, opts: { jobId: failingKeys.itemJobId(index) } })));
    worker = new Worker(
      ITEMS_QUEUE,
      async (): Promise<void> => {
        throw new Error('the database stayed unreachable');
      },
      { connection: workerConnection, prefix: redis.prefix, concurrency: 10 },
    );
    await waitFor('30 failed jobs', async () => (await items.getFailedCount()) === 30);
    await worker.close();
    worker = undefined;

    const byName = new Map((await queueStatus({ url: redis.url, prefix: redis.prefix })).runs.map((run) => [run.name, run]));
    expect(byName.get('big')).toMatchObject({ delayed: 5_600, waiting: 1_400, failed: 0, active: 0, done: 0, total: 7_000 });
    expect(byName.get('small')).toMatchObject({ delayed: 300, waiting: 100, failed: 0 });
    expect(byName.get('failing')).toMatchObject({ delayed: 0, waiting: 0, failed: 30 });
  } finally {
    await worker?.close();
    await items.close();
    workerConnection.disconnect();
    client.disconnect();
  }
});
