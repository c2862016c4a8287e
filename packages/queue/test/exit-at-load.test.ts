import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun, type DistributedProgress, type DistributedRun } from '../src';
import { FIXTURES, itemCounts, makeItems, requireFreshBuild, spawnWorker, TASK_MODULE, waitFor, type WorkerProcess } from './helpers';

// A task module that called process.exit() while loading killed every worker that took its run, in turn, and the
// submitter waited for ever ("0/0+ items") without a word about there being no worker left. Now the call fails the
// run with the reason, as a throw at load does, and the workers go on; and a submitter with no worker connected for a
// while says so once, naming how to start one.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];
/** Runs submitted by a test: a failed test's run is cancelled and closed, so the suite still ends. */
let runs: DistributedRun[] = [];
const EXIT_AT_LOAD = path.join(FIXTURES, 'exit-at-load-task.mjs');

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterEach(async () => {
  await Promise.all(runs.map((run) => run.cancel().catch(() => undefined)));
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all(runs.map((run) => run.close()));
  workers = [];
  runs = [];
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

async function submit(module: string, count: number, onNoWorkers: (message: string) => void, noWorkersMs = 1_500) {
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module },
    metrics: ['exact_match'],
    dataset: makeItems(count),
    onNoWorkers,
    noWorkersMs,
  });
  runs.push(run);
  return run;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms).unref())]);
}

test('a task module that calls process.exit while loading fails its run with the reason; the workers go on', async () => {
  workers = ['e1', 'e2'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, concurrency: 3 }));
  await Promise.all(workers.map((w) => w.ready));
  const said: string[] = [];
  const exiting = await submit(EXIT_AT_LOAD, 10, (message) => said.push(message));
  const final: DistributedProgress = await within(exiting.done(), 30_000, 'the run');
  await exiting.close();
  expect(final.status).toBe('failed');
  expect((await db.runs.getRun(exiting.runId))!.statusReason).toMatch(
    /^worker e[12] could not load task .*exit-at-load-task\.mjs: it called process\.exit\(3\) while loading \(a worker stays up for other runs/,
  );
  expect(workers.map((w) => w.child.exitCode)).toEqual([null, null]);
  // The workers serve the next run, and process.exit is theirs again: they exit 0 when stopped.
  const next = await submit(TASK_MODULE, 10, (message) => said.push(message));
  expect((await within(next.done(), 30_000, 'the next run')).status).toBe('completed');
  await next.close();
  expect(await itemCounts(pg.url, next.runId)).toEqual({ rows: 10, distinct: 10 });
  expect(said).toEqual([]);
  await Promise.all(workers.map((w) => w.stop()));
  expect(workers.map((w) => w.child.exitCode)).toEqual([0, 0]);
});

test('a submitter with no worker connected says so once, naming how to start one', async () => {
  const said: string[] = [];
  const run = await submit(TASK_MODULE, 5, (message) => said.push(message));
  await waitFor('the warning', () => said.length > 0, 20_000);
  await new Promise((r) => setTimeout(r, 2_000));
  expect(said).toEqual([
    `no worker has been connected to the queue at ${redis.url} for 2 s: run ${run.runId}'s items wait until one is started (llm-eval worker --queue ${redis.url} --queue-prefix ${redis.prefix})`,
  ]);
  // Once one is started, the run completes.
  workers = [spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'late' })];
  expect((await within(run.done(), 30_000, 'the run')).status).toBe('completed');
  await run.close();
});
