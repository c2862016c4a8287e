import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { initializeDatabase, type Database, type RunWithMetrics } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { queueStatus, submitRun } from '../src';
import { FIXTURES, itemCounts, makeItems, METRICS, METRIC_FILE, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';

// `kill -9` of the process that submits a run (llm-eval evaluate --queue) while it is still enqueuing: the items it
// enqueued still run, and the run then ends failed with the reason, instead of staying running for good.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

/** A submitter subprocess (test/fixtures/submit.mjs); resolves with it and its run id once the run is submitted. */
async function startSubmitter(count: number, delayMs: number, submitterTtlMs = 1_500) {
  const options = {
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    maxQueuedItems: 100,
    submitterTtlMs,
    dataset: { count, delayMs },
  };
  const child = spawn(process.execPath, [path.join(FIXTURES, 'submit.mjs')], {
    env: { ...process.env, SUBMIT_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const runId = await waitFor('the submitter to submit its run', () => {
    if (child.exitCode !== null) throw new Error(`the submitter exited: ${stderr}`);
    const line = stdout.split('\n').find((l) => l.includes('"submitted"'));
    return line ? (JSON.parse(line).runId as string) : undefined;
  });
  return { child, runId, exited };
}

const finished = (runId: string) =>
  waitFor('the run to end', async () => {
    const run = await db.runs.getRun(runId);
    return run && run.status !== 'running' && run.status !== 'abandoned' ? run : undefined;
  }, 90_000);

test('a submitter killed with SIGKILL mid-enqueue: its enqueued items run and are stored once, then the run ends failed with the reason', async () => {
  workers = ['o1', 'o2'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, orphanCheckMs: 300 }));
  await Promise.all(workers.map((w) => w.ready));
  // 3,000 items of 20 ms over 10 task slots, at most 100 queued at once: enqueuing lasts several seconds.
  const submitter = await startSubmitter(3_000, 20);
  await waitFor('items to be stored', async () => (await itemCounts(pg.url, submitter.runId)).rows >= 150);
  submitter.child.kill('SIGKILL');
  await submitter.exited;

  const run: RunWithMetrics = await finished(submitter.runId);
  const client = new Redis(redis.url);
  try {
    const hash = `${redis.prefix}:run:${submitter.runId}`;
    // The database's final state commits before the finaliser notes it in Redis: wait for that note.
    await waitFor('the finaliser to note the run in Redis', async () => (await client.hget(hash, 'finalized')) ?? undefined);
    const [enqueued, total, finalizeCount] = (await client.hmget(hash, 'enqueued', 'total', 'finalizeCount')).map(Number);
    expect(run.status).toBe('failed');
    expect(run.statusReason).toBe(
      `its submitter stopped before every item was enqueued (the process was killed or lost Redis): the ${total} items enqueued by then were run`,
    );
    // Every item enqueued (and the chunk being added when it died, if that landed) was run and stored, once.
    expect(total).toBeGreaterThanOrEqual(enqueued!);
    expect(total).toBeLessThanOrEqual(enqueued! + 100);
    expect(total).toBeLessThan(3_000);
    expect(await itemCounts(pg.url, submitter.runId)).toEqual({ rows: total, distinct: total });
    expect(run.totalItems).toBe(total);
    expect(run.metrics.map((m) => m.metricName).sort()).toEqual([...METRICS].sort());
    expect(finalizeCount).toBe(1);
  } finally {
    client.disconnect();
  }
  // The queue no longer lists it; the workers said what they did, and go on with the next run.
  expect((await queueStatus({ url: redis.url, prefix: redis.prefix })).runs.map((r) => r.runId)).not.toContain(submitter.runId);
  expect(workers.flatMap((w) => w.events).some((e) => e.type === 'run-orphaned' && e.runId === submitter.runId)).toBe(true);
  const next = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    dataset: makeItems(30),
  });
  try {
    expect((await next.done()).status).toBe('completed');
  } finally {
    await next.close();
  }
});

test('a submitter that is alive keeps its run: a slow dataset never makes the workers settle it', async () => {
  workers = [spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'o3', orphanCheckMs: 300 })];
  await workers[0]!.ready;
  // Enqueuing waits for room (at most 100 queued) for about 24 s, far longer than the 5 s liveness window, refreshing
  // its key every 0.8 s. (A 1.5 s window failed once in CI: a loaded machine paused the submitter's refreshes longer.)
  const submitter = await startSubmitter(800, 30, 5_000);
  const run = await finished(submitter.runId);
  await submitter.exited;
  expect(run).toMatchObject({ status: 'completed', totalItems: 800, statusReason: null });
  expect(workers[0]!.events.some((e) => e.type === 'run-orphaned')).toBe(false);
});
