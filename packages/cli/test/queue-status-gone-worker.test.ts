import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useEmptyDatabase, useTestRedis } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor, type CliProcess } from './cli-process';

// `queue status` counted the items of a worker killed with SIGKILL as active for the 30 s of their locks, next to a
// worker list without it: more active items than the live workers could hold. They are waiting, and the status says
// when a live worker takes them over.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-gone-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(dataset, Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `g${i}`, input: i, expected: i })).join('\n'));
// Holds every item until its run is cancelled.
const held = path.join(dir, 'held.mjs');
writeFileSync(held, `export default (x, { signal }) => new Promise((resolve, reject) => {
  signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
});
`);

const workers: CliProcess[] = [];
// Declared before the Redis and database hooks, so it runs first (Jest runs afterAll hooks in their order): a worker
// still holding items must see its runs' state in Redis and its database to settle them and exit.
afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
});
const redis = useTestRedis();
const database = useEmptyDatabase('postgres');
const queueArgs = () => ['--queue', redis.url, '--queue-prefix', redis.prefix];

async function startWorker(name: string): Promise<CliProcess> {
  const worker = startCli(['worker', ...queueArgs(), '--database-url', database.url, '--concurrency', '2', '--name', name], { killAfterMs: 5 * 60_000 });
  workers.push(worker);
  await waitFor(`worker ${name} to be ready`, async () => {
    if (worker.child.exitCode !== null) throw new Error(`worker ${name} exited: ${worker.output().stderr}`);
    return worker.output().stdout.includes('is waiting for items');
  });
  return worker;
}

async function status(): Promise<{ runs: Array<{ runId: string; waiting: number; active: number; orphaned: number; orphanedLockSeconds?: number }>; workers: Array<{ name: string }> }> {
  const r = await runCli(['queue', 'status', '--json', ...queueArgs()]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}


test('a killed worker’s items are waiting as soon as it is gone, and queue status says when they are taken over', async () => {
  await runCli(['db', 'init', '--database-url', database.url]);
  const [alive, doomed] = await Promise.all([startWorker('alive'), startWorker('doomed')]);
  const submitted = await runCli(['evaluate', '--task', held, '--dataset', dataset, '--name', 'gone-worker', '--detach', '--json', ...queueArgs(), '--database-url', database.url]);
  expect(submitted.code).toBe(0);
  const { runId } = JSON.parse(submitted.stdout);
  try {
    await waitFor('both workers holding four items', async () => (await status()).runs[0]?.active === 8);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    await waitFor('the killed worker gone', async () => (await status()).workers.map((w) => w.name).join() === 'alive');
    const [run] = (await status()).runs;
    expect(run).toMatchObject({ runId, waiting: 8, active: 4, orphaned: 4 });
    const text = await runCli(['queue', 'status', ...queueArgs()]);
    expect(text.stdout).toMatch(
      new RegExp(`run ${runId.slice(0, 8)}: 4 of its waiting items were held by a worker that is gone; a live worker takes them over at a stalled-job check once their locks expire \\(in ≤ \\d+ s; workers check every 30 s by default\\)\\.`),
    );
  } finally {
    await runCli(['runs', 'cancel', runId, ...queueArgs(), '--database-url', database.url]);
    alive.child.kill('SIGTERM');
  }
}, 120_000);
