import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { useEmptyDatabase, useTestRedis } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor, type CliProcess } from './cli-process';

// An attached `evaluate --queue` whose run was deleted while it ran (`runs delete --force`, or a forced API delete)
// exited 1 with "Run … does not exist. List runs with `llm-eval runs list` to find its id.", as if the user had
// mistyped an id. It now says the run was deleted while it ran, by whom and when as the audit log recorded it. It also
// noticed the deletion only when an item in flight ended (30 s later, at the items' default timeout): its submitter
// now looks for the run in the database every second while it waits.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-distributed-deleted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa-2000.jsonl');
writeFileSync(dataset, Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
// Holds every item until it is aborted: the run cannot finish before the test deletes it.
const held = path.join(dir, 'held.mjs');
writeFileSync(
  held,
  `export default (x, { signal }) => new Promise((resolve, reject) => {
  signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
});
`,
);

let db: Database;
let worker: CliProcess;
// Declared before the Redis and database hooks, so it runs before them (Jest runs afterAll hooks in their order): the
// worker must see the run's deletion marks in Redis, and its database, to abort its held items and exit. Removed
// first, they left it waiting for items whose run it could no longer look up (a 120 s hook timeout in CI).
afterAll(async () => {
  if (worker?.child.exitCode === null) worker.child.kill('SIGTERM');
  await worker?.exited;
  await db?.close();
});
const redis = useTestRedis();
const database = useEmptyDatabase('postgres');
const queueArgs = () => ['--queue', redis.url, '--queue-prefix', redis.prefix, '--database-url', database.url];

beforeAll(async () => {
  db = await initializeDatabase({ url: database.url });
  worker = startCli(['worker', ...queueArgs(), '--concurrency', '4', '--name', 'deleted-w1'], { killAfterMs: 10 * 60_000 });
  await waitFor('the worker to be ready', async () => {
    if (worker.child.exitCode !== null) throw new Error(`the worker exited: ${worker.output().stderr}`);
    return worker.output().stdout.includes('is waiting for items');
  });
});
describe('evaluate --queue whose run is deleted while it runs', () => {
  it('exits 1 saying the run was deleted while it ran, by whom and when; not that it does not exist', async () => {
    // Items that would time out only after 10 minutes: the submitter, not the items' ends, must notice the deletion
    // (it waited for the items' default 30 s timeout before; killed after a minute, it fails this test).
    const evaluation = startCli(['evaluate', '--task', held, '--dataset', dataset, '--metrics', 'exact_match', '--name', 'deleted-while-running', '--timeout', '600000', ...queueArgs()], {
      killAfterMs: 60_000,
    });
    let runId: string | undefined;
    await waitFor('the run to be stored', async () => {
      if (evaluation.child.exitCode !== null) throw new Error(`evaluate exited: ${evaluation.output().stderr}`);
      runId = (await db.runs.listRuns({ text: 'deleted-while-running' })).runs.find((r) => r.name === 'deleted-while-running')?.id;
      return runId !== undefined;
    });
    const deleted = await runCli(['runs', 'delete', runId!, '--yes', '--force', '--database-url', database.url]);
    expect(deleted.code).toBe(0);

    const done = await evaluation.exited;
    const { stderr } = evaluation.output();
    expect(done.killedByTest).toBe(false);
    expect(done.code).toBe(1);
    expect(stderr).not.toContain('does not exist');
    expect(stderr).not.toContain('to find its id');
    expect(stderr).toMatch(new RegExp(`^llm-eval: run ${runId} \\("deleted-while-running"\\) was deleted from the database while it ran, by cli:\\S+ at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d`, 'm'));
  });
});
