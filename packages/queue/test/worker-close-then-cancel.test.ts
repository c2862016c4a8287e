import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { Redis } from 'ioredis';
import { cancelRun, queueStatus, submitRun } from '../src';
import { runKeys } from '../src/run-keys';
import { makeItems, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor } from './helpers';

// A worker told to stop (SIGTERM) waits for its items in flight. A run cancelled or deleted after the SIGTERM was never
// seen by it: the close stopped its look at the runs' state, so its items of that run were not aborted and the close
// waited for their timeout (10 minutes here; CI's `afterAll` gave up after 2). The worker now goes on looking at its
// runs until its items are done, so a run cancelled (or deleted) while it closes has its items aborted, and it exits.
const redis = useTestRedis();
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-close-then-cancel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
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

async function heldRun(prefix: string, name: string) {
  const queue = { url: redis.url, prefix };
  // Each task started writes a line: the close must begin with tasks in flight, not with jobs still loading the run's
  // modules (those go back to the queue at once, and the worker would exit without the fix).
  const runLog = path.join(dir, `${name}.log`);
  const worker = spawnWorker({ ...queue, databaseUrl: pg.url, name, concurrency: 3, lockDurationMs: 60_000 });
  await worker.ready;
  const run = await submitRun({
    queue,
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: ['exact_match'],
    dataset: makeItems(8, () => ({ delayMs: 600_000, runLog })),
    config: { timeoutMs: 600_000 },
    run: { name },
  });
  await run.enqueued;
  await waitFor('the worker running 3 tasks', () => existsSync(runLog) && readFileSync(runLog, 'utf8').trim().split('\n').length >= 3).catch(async (error) => {
    throw new Error(`${(error as Error).message}: ${JSON.stringify(await queueStatus(queue))} ${worker.stderr()} ${JSON.stringify(worker.events)}`);
  });
  return { queue, worker, run };
}

test('a run cancelled after the worker was told to stop has its items aborted, and the worker exits', async () => {
  const { queue, worker, run } = await heldRun(`${redis.prefix}-close-cancel`, 'close-then-cancel');
  try {
    worker.child.kill('SIGTERM');
    // Well past the worker's look at its runs (every 500 ms): the close has begun when the run is cancelled.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(worker.child.exitCode).toBeNull();
    expect(await cancelRun(queue, run.runId, { databaseUrl: pg.url })).toBe(true);
    // It exits by itself, 0, once the aborted items are settled (it waited for their 10-minute timeout before).
    const code = await Promise.race([worker.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 45_000))]);
    expect(code).toBe(0);
    expect((await db.runs.getRun(run.runId))?.status).toBe('cancelled');
  } finally {
    worker.child.kill('SIGKILL');
    await worker.exited;
    await run.close();
  }
}, 120_000);

test('a run deleted from the database after the worker was told to stop has its items aborted, and the worker exits', async () => {
  const { queue, worker, run } = await heldRun(`${redis.prefix}-close-delete`, 'close-then-delete');
  const client = new Redis(redis.url);
  try {
    worker.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(worker.child.exitCode).toBeNull();
    await db.runs.deleteRun(run.runId);
    // The waiting submitter notices and marks the run deleted in Redis; the closing worker must still act on it.
    await expect(run.done()).rejects.toMatchObject({ name: 'RunNotFoundError' });
    await waitFor('the run finalised as deleted in Redis', async () => (await client.hget(runKeys(queue.prefix, run.runId).hash, 'finalized')) === 'deleted');
    const code = await Promise.race([worker.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 45_000))]);
    expect(code).toBe(0);
  } finally {
    client.disconnect();
    worker.child.kill('SIGKILL');
    await worker.exited;
    await run.close();
  }
}, 120_000);
