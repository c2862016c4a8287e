import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { makeItems, METRICS, requireFreshBuild, spawnWorker, TASK_MODULE, type WorkerProcess } from './helpers';

// Workers cut values past the run's maxValueChars, as a local run does, but nobody heard of it: the final progress
// had no count and no worker said a word. Workers now count the values they cut in the run's Redis hash (valuesCut,
// beside done and failed) and each logs a value-cut event once per run.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  workers = ['cut-1', 'cut-2'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, concurrency: 3 }));
  await Promise.all(workers.map((w) => w.ready));
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db?.close();
  await pg?.drop();
});

test('the final progress counts every value the workers cut; each worker that cut one logs it once for the run', async () => {
  // Every third item's input is 5,000 characters long: 10 of 30 cut at a limit of 1,000.
  const items = makeItems(30, (n) => (n % 3 === 0 ? { text: 'x'.repeat(5_000) } : {}));
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: items,
    config: { maxValueChars: 1_000 },
    run: { name: 'values-cut' },
  });
  const final = await run.done();
  await run.close();
  expect(final.status).toBe('completed');
  expect(final.done).toBe(30);
  expect(final.valuesCut).toBe(10);
  const cutEvents = workers.flatMap((w) => w.events.filter((e) => e.type === 'value-cut'));
  expect(cutEvents.length).toBeGreaterThanOrEqual(1);
  for (const worker of workers) expect(worker.events.filter((e) => e.type === 'value-cut').length).toBeLessThanOrEqual(1);
  for (const event of cutEvents) {
    expect(event.runId).toBe(run.runId);
    expect(event.message).toMatch(/item "item-\d+": its input is longer than 1,000 characters \(maxValueChars\)/);
  }
}, 60_000);

test('a run without a value past the limit ends with valuesCut 0', async () => {
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: makeItems(10),
    run: { name: 'nothing-cut' },
  });
  const final = await run.done();
  await run.close();
  expect(final.valuesCut).toBe(0);
}, 60_000);
