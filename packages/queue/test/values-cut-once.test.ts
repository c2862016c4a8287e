import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { METRICS, requireFreshBuild, spawnWorker, TASK_MODULE, type WorkerProcess } from './helpers';

// An item can run on two workers: its first worker stalls (a task holding the event loop, so the lock is not renewed),
// another takes the item over, and the first comes back and finishes it too. The item is stored and counted done once,
// but each worker added the values it cut to the run's count: one cut value was reported as two. Cuts are now counted
// with the item's done mark, once.
const redis = useTestRedis();
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cut-once-'));
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  workers = ['once-1', 'once-2', 'once-3'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, concurrency: 1 }));
  await Promise.all(workers.map((w) => w.ready));
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db?.close();
  await pg?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('an item run by two workers (a stalled lock taken over) has its cut value counted once', async () => {
  const blockFile = path.join(dir, 'blocked');
  const runLog = path.join(dir, 'runs.log');
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: [
      // Its input is cut (5,000 characters at a limit of 1,000); its first worker stands still for 5 s (locks last 2 s).
      { id: 'cut', input: { n: 1, text: 'x'.repeat(5_000), blockOnceMs: 5_000, blockFile, runLog }, expected: 'answer 1' },
      // Keeps the run open until both workers have finished the first item.
      { id: 'slow', input: { n: 2, delayMs: 9_000 }, expected: 'answer 2' },
    ],
    config: { maxValueChars: 1_000 },
    run: { name: 'values-cut-once' },
  });
  const final = await run.done();
  await run.close();
  expect(final.status).toBe('completed');
  expect(final.done).toBe(2);
  // Both workers ran the item: the one that stalled, and the one that took it over.
  const ranBy = readFileSync(runLog, 'utf8').trim().split('\n');
  expect(new Set(ranBy).size).toBeGreaterThanOrEqual(2);
  expect(final.valuesCut).toBe(1);
  const stored = await db.runs.listItems(run.runId, { limit: 10 });
  expect(stored.items.map((i) => i.itemId).sort()).toEqual(['cut', 'slow']);
}, 90_000);
