import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun, type DistributedProgress } from '../src';
import { itemCounts, makeItems, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';

// A worker started with another database's URL took every run it saw for deleted: it cancelled the run for the whole
// fleet and "finalised" it as deleted, while the run stayed running in its real database until it was abandoned, and
// the submitter exited 1 without a word. Now the worker sees from the run's database fingerprint that the run is not
// its to store: it leaves the items, delayed, to the workers on the run's database, and says so once.
const redis = useTestRedis();
let runDatabase: TestDatabase;
let otherDatabase: TestDatabase;
let db: Database;
let other: Database;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  [runDatabase, otherDatabase] = await Promise.all([createTestDatabase('postgres'), createTestDatabase('postgres')]);
  [db, other] = await Promise.all([initializeDatabase({ url: runDatabase.url }), initializeDatabase({ url: otherDatabase.url })]);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all([db?.close(), other?.close()]);
  await Promise.all([runDatabase?.drop(), otherDatabase?.drop()]);
});

function worker(name: string, databaseUrl: string): WorkerProcess {
  const w = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl, name, concurrency: 4 });
  workers.push(w);
  return w;
}

test("a worker on another database leaves the run's items to the workers on the run's database, and says why", async () => {
  const stray = worker('stray', otherDatabase.url);
  await stray.ready;
  let latest: DistributedProgress | undefined;
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: runDatabase.url,
    task: { module: TASK_MODULE },
    metrics: ['exact_match'],
    dataset: makeItems(30),
    onProgress: (p) => (latest = p),
  });
  const reason = await waitFor('the stray worker to say why it leaves the items', () => latest?.elsewhere);
  expect(reason).toBe(
    `worker stray is connected to another database than the one run ${run.runId} is stored in, so it leaves the run's items to the ` +
      'workers on that database: start it with the --database-url the run was submitted with',
  );
  expect(stray.events.filter((e) => e.type === 'run-elsewhere').map((e) => e.runId)).toEqual([run.runId]);
  // Nothing ran, nothing was cancelled or finalised: the run waits, running, in its database; the other has no trace.
  expect(latest).toMatchObject({ done: 0, status: 'running' });
  expect((await db.runs.getRun(run.runId))!.status).toBe('running');
  expect(await other.runs.getRun(run.runId)).toBeNull();

  // A worker on the run's database takes the items (the stray one keeps leaving them), and the run completes.
  await worker('right', runDatabase.url).ready;
  expect((await run.done()).status).toBe('completed');
  await run.close();
  expect(await itemCounts(runDatabase.url, run.runId)).toEqual({ rows: 30, distinct: 30 });
  expect(await db.runs.getRun(run.runId)).toMatchObject({ status: 'completed', totalItems: 30 });
  expect(stray.events.some((e) => e.type === 'run-cancelled' || e.type === 'run-finished')).toBe(false);
  expect(stray.child.exitCode).toBeNull();
}, 90_000);
