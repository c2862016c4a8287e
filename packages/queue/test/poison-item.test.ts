import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun, type DistributedProgress } from '../src';
import { itemCounts, makeItems, METRICS, METRIC_FILE, requireFreshBuild, spawnWorker, TASK_MODULE, type WorkerProcess } from './helpers';

// An item whose task brings down every worker that runs it (out of memory, a native crash) must not hold its run
// open for ever: after BullMQ's stall limit it is stored as a failed item naming why, and the run ends.
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

test('an item that kills every worker running it is stored as failed after the stall limit; the run completes with every other item once', async () => {
  const live = new Set<WorkerProcess>();
  let restarts = 0;
  let stopping = false;
  // A supervisor (systemd, Kubernetes) starts a worker again whenever one dies.
  const start = (name: string) => {
    const worker = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, concurrency: 2 });
    live.add(worker);
    void worker.exited.then(() => {
      live.delete(worker);
      if (!stopping) {
        restarts++;
        start(`${name}-r${restarts}`);
      }
    });
    return worker;
  };
  try {
    await Promise.all([start('p1'), start('p2')].map((w) => w.ready));
    let latest: DistributedProgress | undefined;
    const run = await submitRun({
      queue: { url: redis.url, prefix: redis.prefix },
      databaseUrl: pg.url,
      task: { module: TASK_MODULE },
      metrics: METRICS,
      metricFiles: [METRIC_FILE],
      dataset: makeItems(30, (n) => (n === 7 ? { mode: 'crash' } : { delayMs: 20 })),
      onProgress: (p) => (latest = p),
    });
    const progress = await run.done();
    await run.close();
    expect(progress).toMatchObject({ done: 30, total: 30 });
    expect(latest?.done).toBe(30);
    // The poison item took down a worker each time it was tried: at least the stall limit's worth.
    expect(restarts).toBeGreaterThanOrEqual(3);
    expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 30, distinct: 30 });
    const { items } = await db.runs.listItems(run.runId, { limit: 50 });
    const poison = items.find((i) => i.itemId === 'item-7')!;
    expect(poison).toMatchObject({ status: 'failed', errorType: 'WorkerLostError' });
    expect(poison.errorMessage).toMatch(/stopped \(killed, out of memory or crashed\) while running it, 3 times/);
    // No response time was measured for it: it had one of 0, which pulled the run's minimum and mean down.
    expect(poison).toMatchObject({ responseTime: null, startedAt: null });
    expect(poison.completedAt).not.toBeNull();
    // An item that happened to run beside it on each of those workers went down with them, and is told the same;
    // nothing else failed, and the run completed with them counted.
    const failed = items.filter((i) => i.status === 'failed');
    expect(failed.every((i) => i.errorType === 'WorkerLostError')).toBe(true);
    const stored = (await db.runs.getRun(run.runId))!;
    expect(stored).toMatchObject({ status: 'completed', totalItems: 30, failedItems: failed.length });
    // Every task that finished waited about its 20 ms (a timer may fire a little early against the clock measuring it).
    expect(stored.minResponseTime).toBeGreaterThan(0.01);
  } finally {
    stopping = true;
    await Promise.all([...live].map((w) => w.stop()));
  }
}, 120_000);
