import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun, type DistributedProgress } from '../src';
import { FIXTURES, itemCounts, makeItems, METRIC_FILE, METRICS, requireFreshBuild, spawnWorker, waitFor, type WorkerProcess } from './helpers';

// One machine misconfigured (the task's API key missing) joins a run the others serve: it leaves the run's items to
// them instead of failing a healthy run. A run no worker can load still fails, with the reason. Real Redis, real
// PostgreSQL, real worker processes.
const KEYED_TASK = path.join(FIXTURES, 'keyed-task.mjs');
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

// A test that fails midway leaves no worker behind to serve the next test's run.
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db?.close();
  await pg?.drop();
});

function start(name: string, apiKey: string | undefined): WorkerProcess {
  const worker = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, concurrency: 2, env: { FIXTURE_API_KEY: apiKey } });
  workers.push(worker);
  return worker;
}

/**
 * Submits `count` items. With `gateFile`, items past the 20th wait until that file exists: the healthy workers cannot
 * finish the run before the late ones have tried it, however slow the machine is to start them.
 */
function submit(count: number, onProgress?: (p: DistributedProgress) => void, gateFile?: string) {
  return submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: KEYED_TASK },
    metrics: METRICS,
    metricFiles: [METRIC_FILE],
    dataset: makeItems(count, (n) => ({ delayMs: 20, ...(gateFile && n >= 20 ? { gateFile } : {}) })),
    onProgress,
  });
}

const gates = mkdtempSync(path.join(tmpdir(), 'llm-eval-late-worker-'));
afterAll(() => rmSync(gates, { recursive: true, force: true }));
const gate = (name: string) => path.join(gates, name);
const tried = (worker: WorkerProcess, runId: string) => worker.events.some((e) => e.runId === runId && e.type === 'run-elsewhere');

test('a worker that cannot load a run others serve leaves its items to them: the run completes, and the submitter is told why', async () => {
  const healthy = start('healthy', 'sk-test');
  await healthy.ready;
  let latest: DistributedProgress | undefined;
  const run = await submit(300, (p) => (latest = p), gate('first'));
  await waitFor('the healthy worker under way', () => (latest?.done ?? 0) >= 10);
  const late = start('late', undefined);
  await late.ready;
  await waitFor('the late worker to try the run', () => tried(late, run.runId));
  writeFileSync(gate('first'), '');
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('completed');
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 300, distinct: 300 });
  expect((await db.runs.getRun(run.runId))!.status).toBe('completed');
  expect(progress.elsewhere).toMatch(/^worker late could not load task .*keyed-task\.mjs: FIXTURE_API_KEY is not set; worker late leaves the run's items to the workers that loaded it \(healthy\)$/);
  expect(late.events.filter((e) => e.type === 'load-failed' && e.runId === run.runId)).toEqual([]);
  await Promise.all([healthy.stop(), late.stop()]);
});

test('once the workers that had loaded a run are gone, a worker that cannot load it fails it with the reason', async () => {
  const loader = start('loader', 'sk-test');
  await loader.ready;
  let latest: DistributedProgress | undefined;
  const run = await submit(100, (p) => (latest = p));
  await waitFor('the loader under way', () => (latest?.done ?? 0) >= 5);
  loader.child.kill('SIGKILL');
  await loader.exited;
  const late = start('late-2', undefined);
  await late.ready;
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('failed');
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored.statusReason).toBe(`worker late-2 could not load task ${KEYED_TASK}: FIXTURE_API_KEY is not set`);
  await late.stop();
});

test('two misconfigured workers joining at once both leave the items to the healthy one: the run completes, each item once', async () => {
  const healthy = start('healthy-2', 'sk-test');
  await healthy.ready;
  let latest: DistributedProgress | undefined;
  const run = await submit(300, (p) => (latest = p), gate('two'));
  await waitFor('the healthy worker under way', () => (latest?.done ?? 0) >= 10);
  const lateA = start('late-a', undefined);
  const lateB = start('late-b', undefined);
  await Promise.all([lateA.ready, lateB.ready]);
  await waitFor('both late workers to try the run', () => tried(lateA, run.runId) && tried(lateB, run.runId));
  writeFileSync(gate('two'), '');
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('completed');
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 300, distinct: 300 });
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored).toMatchObject({ status: 'completed', totalItems: 300, failedItems: 0 });
  for (const late of [lateA, lateB]) expect(late.events.filter((e) => e.type === 'load-failed' && e.runId === run.runId)).toEqual([]);
  await Promise.all([healthy.stop(), lateA.stop(), lateB.stop()]);
});

test('two workers that cannot load a run whose loader died fail it with one of their reasons, its counts truthful', async () => {
  const loader = start('loader-2', 'sk-test');
  await loader.ready;
  let latest: DistributedProgress | undefined;
  const run = await submit(100, (p) => (latest = p));
  await waitFor('the loader under way', () => (latest?.done ?? 0) >= 5);
  loader.child.kill('SIGKILL');
  await loader.exited;
  const lateA = start('late-c', undefined);
  const lateB = start('late-d', undefined);
  await Promise.all([lateA.ready, lateB.ready]);
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('failed');
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored.status).toBe('failed');
  expect(stored.statusReason).toMatch(new RegExp(`^worker late-[cd] could not load task ${KEYED_TASK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: FIXTURE_API_KEY is not set$`));
  // Counts stay truthful: whatever the loader stored before it died, once each.
  const counts = await itemCounts(pg.url, run.runId);
  expect(counts.rows).toBe(counts.distinct);
  expect(stored.totalItems).toBe(counts.rows);
  await Promise.all([lateA.stop(), lateB.stop()]);
});
