import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun, type DistributedProgress } from '../src';
import { itemCounts, makeItems, METRICS, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';

// A distributed run cancelled in the database only — as POST /api/v1/runs/:run/cancel and `llm-eval runs cancel`
// without --queue do — is noticed by the workers: they skip its remaining items and it is finalised as cancelled.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  workers = ['d1', 'd2'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, concurrency: 4 }));
  await Promise.all(workers.map((w) => w.ready));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db?.close();
  await pg?.drop();
});

test('a run cancelled in the database stops on every worker and is finalised as cancelled with its stored items', async () => {
  let latest: DistributedProgress | undefined;
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 2),
    dataset: makeItems(600, () => ({ delayMs: 40 })),
    maxQueuedItems: 100,
    run: { name: 'cancelled-in-db' },
    onProgress: (p) => (latest = p),
  });
  await waitFor('20 items done', () => (latest?.done ?? 0) >= 20);
  expect(await db.runs.cancelRun(run.runId, 'cancelled through the API')).toBe(true);
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('cancelled');
  const stored = (await db.runs.getRun(run.runId))!;
  const counts = await itemCounts(pg.url, run.runId);
  expect(counts.rows).toBe(counts.distinct);
  expect(counts.rows).toBeLessThan(600);
  // Finalised: completion time, totals and statistics of the items it holds.
  expect(stored).toMatchObject({ status: 'cancelled', statusReason: 'cancelled through the API', totalItems: counts.rows });
  expect(stored.completedAt).not.toBeNull();
  const metrics = await db.runs.getRunMetrics(run.runId);
  expect(metrics.map((m) => [m.metricName, m.totalEvaluated])).toEqual(METRICS.slice(0, 2).sort().map((name) => [name, counts.rows]));
  // The workers skipped the rest instead of running every task.
  expect(progress.done).toBeLessThan(600);
});
