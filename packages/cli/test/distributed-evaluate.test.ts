import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database, type RunMetricRecord } from '@llm-eval/storage';
import { useEmptyDatabase, useTestRedis } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor, type CliProcess } from './cli-process';

// `llm-eval worker` processes on a real Redis and PostgreSQL run what `llm-eval evaluate --queue` submits: every item
// stored once, the same statistics as a local run, progress until the run is finalised (or --detach), cancellation
// by Ctrl-C or `runs cancel`, a worker stopped with SIGTERM handing its items on, a task a worker cannot load.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-distributed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const jsonl = (name: string, n: number) =>
  file(name, Array.from({ length: n }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i % 3 === 0 ? i : `${i}` })).join('\n'));
const dataset200 = jsonl('qa-200.jsonl', 200);
const dataset2000 = jsonl('qa-2000.jsonl', 2000);
const dataset400 = jsonl('qa-400.jsonl', 400);
const dataset20 = jsonl('qa-20.jsonl', 20);
// Deterministic outputs (so a distributed and a local run score the same), a few milliseconds of work each.
const task = file('task.mjs', `export default (x) => new Promise((resolve) => setTimeout(() => resolve(x % 7 === 0 ? 'wrong' : x), x % 5));\n`);
const metrics = file('metrics.mjs', `export function digits(output) { return String(output).length; }\n`);
// Slow enough to be interrupted; gives up as soon as the item is aborted.
const slow = file(
  'slow.mjs',
  `export default (x, { signal }) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => resolve(x), 50);
  signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('cancelled')); }, { once: true });
});
`,
);
// Holds every item until the gate file exists: the run stays on the queue while the test looks at it.
const gate = path.join(dir, 'gate-open');
const gated = file(
  'gated.mjs',
  `import { existsSync } from 'node:fs';
export default async (x) => { while (!existsSync(${JSON.stringify(gate)})) await new Promise((r) => setTimeout(r, 20)); return x; };
`,
);
// Holds every item until its run is cancelled: a run that cannot finish while a test looks at it (under a loaded CI
// machine, 2,000 items of \`slow\` were done before a later \`runs cancel\` got to them).
const held = file(
  'held.mjs',
  `export default (x, { signal }) => new Promise((resolve, reject) => {
  signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
});
`,
);
const broken = file('broken.mjs', `throw new Error('the model client is not configured on this machine');\n`);

let db: Database;
const workers: CliProcess[] = [];
// Declared before the Redis and database hooks, so it runs first (Jest runs afterAll hooks in their order): a worker
// still holding items must see its runs' state in Redis and its database to settle them and exit.
afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await db?.close();
});
const redis = useTestRedis();
const database = useEmptyDatabase('postgres');
const localDatabase = useEmptyDatabase('postgres');

const queueArgs = (queueUrl = redis.url) => ['--queue', queueUrl, '--queue-prefix', redis.prefix, '--database-url', database.url];

/** Starts `llm-eval worker` and waits for its ready line. */
async function startWorker(name: string, queueUrl = redis.url): Promise<CliProcess> {
  const worker = startCli(['worker', ...queueArgs(queueUrl), '--concurrency', '4', '--name', name], { killAfterMs: 15 * 60_000 });
  workers.push(worker);
  await waitFor(`worker ${name} to be ready`, async () => {
    if (worker.child.exitCode !== null) throw new Error(`worker ${name} exited: ${worker.output().stderr}`);
    return worker.output().stdout.includes('is waiting for items');
  });
  return worker;
}

async function runByName(name: string): Promise<string> {
  let id: string | undefined;
  await waitFor(`run ${name}`, async () => !!(id = (await db.runs.listRuns({ text: name })).runs.find((r) => r.name === name)?.id));
  return id!;
}

async function storedItems(runId: string): Promise<{ rows: number; distinct: number }> {
  const [row] = await db.dataSource.query(`SELECT COUNT(*) AS "rows", COUNT(DISTINCT "item_id") AS "distinct" FROM "evaluation_items" WHERE "run_key" = (SELECT "run_key" FROM "evaluation_runs" WHERE "id" = $1)`, [runId]);
  return { rows: Number(row.rows), distinct: Number(row.distinct) };
}

/** A run's per-metric statistics without what differs between two runs (ids, times). */
const statistics = (metrics: RunMetricRecord[]) =>
  metrics
    .map(({ runId: _runId, computedAt: _computedAt, ...rest }) => rest)
    .sort((a, b) => a.metricName.localeCompare(b.metricName));

beforeAll(async () => {
  db = await initializeDatabase({ url: database.url });
  await Promise.all([startWorker('w1'), startWorker('w2')]);
});

describe('llm-eval worker and evaluate --queue', () => {
  it('two workers run a 200-item run: exit 0, the summary, every item stored once, the statistics of a local run', async () => {
    const [r, local] = await Promise.all([
      runCli(['evaluate', '--task', task, '--dataset', dataset200, '--metric-file', metrics, '--metrics', 'exact_match,digits', '--name', 'distributed-200', ...queueArgs()]),
      runCli(['evaluate', '--task', task, '--dataset', dataset200, '--metric-file', metrics, '--metrics', 'exact_match,digits', '--name', 'local-200', '--json', '--database-url', localDatabase.url]),
    ]);
    expect(r.killedByTest).toBe(false);
    expect(r.stderr).toContain('Submitting to the workers on');
    expect(r.stderr).toMatch(/^ {2}200\/200 items · [\d.]+\/s · failed 0$/m);
    // Progress names a total only once something is enqueued (never "0/0+ items").
    expect(r.stderr).not.toMatch(/\/0\+ items/);
    expect(r.code).toBe(0);
    expect(local.code).toBe(0);
    expect(r.stdout).toMatch(/^distributed-200 {2}completed {2}[0-9a-f-]{36}$/m);
    expect(r.stdout).toMatch(/items {4}200 \(/);
    expect(r.stdout).toMatch(/│ digits/);
    const runId = await runByName('distributed-200');
    expect(await storedItems(runId)).toEqual({ rows: 200, distinct: 200 });
    const run = await db.runs.requireRun(runId);
    const localDb = await initializeDatabase({ url: localDatabase.url });
    try {
      const localRun = await localDb.runs.requireRun(JSON.parse(local.stdout).runId);
      expect(run).toMatchObject({ status: 'completed', totalItems: 200, successfulItems: localRun.successfulItems, failedItems: localRun.failedItems, successRate: localRun.successRate });
      expect(run.metrics.length).toBe(2);
      expect(statistics(run.metrics)).toEqual(statistics(localRun.metrics));
    } finally {
      await localDb.close();
    }
    // The workers said which run they took.
    expect(workers.map((w) => w.output().stderr).join('')).toContain(runId);
  });

  it('--detach returns once the items are enqueued; queue status shows the run and the workers; the workers finish it', async () => {
    const r = await runCli(['evaluate', '--task', gated, '--dataset', dataset200, '--name', 'detached', '--detach', '--json', ...queueArgs()]);
    expect(r.code).toBe(0);
    const detached = JSON.parse(r.stdout);
    expect(detached).toMatchObject({ runId: expect.any(String), items: 200, status: 'running', detached: true });
    const status = await runCli(['queue', 'status', '--queue', redis.url, '--queue-prefix', redis.prefix, '--json']);
    expect(status.code).toBe(0);
    const body = JSON.parse(status.stdout);
    expect(body.workers.map((w: { name: string }) => w.name).sort()).toEqual(expect.arrayContaining(['w1', 'w2']));
    const entry = body.runs.find((run: { runId: string }) => run.runId === detached.runId);
    expect(entry).toMatchObject({ name: 'detached', total: 200, done: 0, status: 'running' });
    expect(entry.waiting + entry.active).toBe(200);
    const text = await runCli(['queue', 'status', '--queue', redis.url, '--queue-prefix', redis.prefix]);
    expect(text.stdout).toContain(detached.runId.slice(0, 8));
    expect(text.stdout).toMatch(/│ w1/);
    writeFileSync(gate, '');
    await waitFor('the detached run to complete', async () => (await db.runs.requireRun(detached.runId)).status === 'completed', 120_000);
    expect(await storedItems(detached.runId)).toEqual({ rows: 200, distinct: 200 });
  });

  it('Ctrl-C in evaluate --queue cancels the run (exit 130); the workers go on to the next run', async () => {
    const cli = startCli(['evaluate', '--task', slow, '--dataset', dataset2000, '--name', 'interrupted', '--json', ...queueArgs()]);
    const runId = await runByName('interrupted');
    await waitFor('some stored items', async () => (await storedItems(runId)).rows >= 20);
    cli.child.kill('SIGINT');
    const r = await cli.exited;
    expect(r.killedByTest).toBe(false);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('SIGINT: cancelling');
    expect(JSON.parse(r.stdout).run).toMatchObject({ id: runId, status: 'cancelled' });
    const run = await db.runs.requireRun(runId);
    const stored = await storedItems(runId);
    expect(run.status).toBe('cancelled');
    expect(stored.rows).toBe(stored.distinct);
    expect(stored.rows).toBeLessThan(2000);
    expect(run.totalItems).toBe(stored.rows);
    const next = await runCli(['evaluate', '--task', task, '--dataset', dataset20, '--name', 'after-interrupted', ...queueArgs()]);
    expect(next.code).toBe(0);
    expect(workers.every((w) => w.child.exitCode === null)).toBe(true);
  });

  it('runs cancel stops a distributed run from another process; a run that is not running is exit 1, and so is an unknown one', async () => {
    const submitted = await runCli(['evaluate', '--task', slow, '--dataset', dataset2000, '--name', 'cancelled-elsewhere', '--detach', '--json', ...queueArgs()]);
    const { runId } = JSON.parse(submitted.stdout);
    await waitFor('some stored items', async () => (await storedItems(runId)).rows >= 10);
    const r = await runCli(['runs', 'cancel', runId.slice(0, 8), '--reason', 'wrong model', '--json', ...queueArgs()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ runId, cancelled: true, status: 'cancelled' });
    const run = await db.runs.requireRun(runId);
    expect(run).toMatchObject({ status: 'cancelled', statusReason: 'wrong model' });
    // The submission and the cancel are audited as cli:<os user> (after the fact: the queue takes no audit context).
    const audit = (await db.audit.list({ limit: 1000 })).entries.filter((e) => e.targetId === runId);
    expect(audit.map((e) => e.action).sort()).toEqual(['run.cancelled', 'run.created']);
    expect(audit.every((e) => e.actor.startsWith('cli:'))).toBe(true);
    expect(audit.find((e) => e.action === 'run.cancelled')?.details).toMatchObject({ name: 'cancelled-elsewhere', reason: 'wrong model', via: 'queue' });
    // The workers dropped the rest: the queue holds nothing of the run any more.
    await waitFor('the run to leave the queue', async () => {
      const status = JSON.parse((await runCli(['queue', 'status', '--json', '--queue', redis.url, '--queue-prefix', redis.prefix])).stdout);
      const entry = status.runs.find((e: { runId: string }) => e.runId === runId);
      return !entry || entry.waiting + entry.active + entry.delayed === 0;
    });
    expect((await storedItems(runId)).rows).toBeLessThan(2000);
    const [again, unknown] = await Promise.all([
      runCli(['runs', 'cancel', runId, ...queueArgs()]),
      runCli(['runs', 'cancel', 'ffff9999', ...queueArgs()]),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`run ${runId} "cancelled-elsewhere" is cancelled, not running: nothing to cancel`);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No run id starts with "ffff9999"');
  });

  it('runs cancel and queue status with a Redis they cannot reach say so at once, naming it without its password, and change nothing', async () => {
    const submitted = await runCli(['evaluate', '--task', held, '--dataset', dataset2000, '--name', 'cancel-unreachable', '--detach', '--json', ...queueArgs()]);
    const { runId } = JSON.parse(submitted.stdout);
    const unreachable = 'redis://:s3cret@127.0.0.1:1';
    const [cancel, status] = await Promise.all([
      runCli(['runs', 'cancel', runId, ...queueArgs(unreachable)]),
      runCli(['queue', 'status', '--queue', unreachable, '--queue-prefix', redis.prefix]),
    ]);
    for (const r of [cancel, status]) {
      expect(r.killedByTest).toBe(false);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("llm-eval: Cannot reach the queue's Redis at redis://:***@127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1.");
      expect(r.stdout + r.stderr).not.toContain('s3cret');
    }
    // Redis is checked first: the run was not cancelled in the database while its workers went on.
    expect((await db.runs.requireRun(runId)).status).toBe('running');
    const stopped = await runCli(['runs', 'cancel', runId, ...queueArgs()]);
    expect(stopped.code).toBe(0);
  });

  it('evaluate --queue with a Redis it cannot reach fails at once, and Ctrl-C while Redis does not answer stops it at once; neither creates a run', async () => {
    const refused = await runCli(['evaluate', '--task', task, '--dataset', dataset20, '--name', 'unreachable-at-submit', ...queueArgs('redis://:s3cret@127.0.0.1:1')]);
    expect(refused.killedByTest).toBe(false);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Cannot reach the queue's Redis at redis://:***@127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1.");
    expect(refused.stdout + refused.stderr).not.toContain('s3cret');

    // rediss:// to this plain Redis: the TLS handshake is never answered.
    const waiting = startCli(['evaluate', '--task', task, '--dataset', dataset20, '--name', 'interrupted-at-submit', ...queueArgs(redis.url.replace('redis://', 'rediss://'))], { killAfterMs: 60_000 });
    await waitFor('evaluate to start submitting', async () => /Submitting to the workers/.test(waiting.output().stderr), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sentAt = Date.now();
    waiting.child.kill('SIGINT');
    const outcome = await waiting.exited;
    expect(outcome.killedByTest).toBe(false);
    expect(outcome.code).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(8_000); // not the 10 s of a connect timeout, nor for ever
    expect(outcome.stderr).toContain('SIGINT: Submitting was cancelled before the run was queued: nothing of it runs.');
    // A database number this Redis does not have: ioredis would go on in database 0.
    const base = new URL(redis.url);
    const noSuchDb = await runCli(['evaluate', '--task', task, '--dataset', dataset20, '--name', 'no-such-db', ...queueArgs(`redis://${base.host}/16`)]);
    expect(noSuchDb.code).toBe(1);
    expect(noSuchDb.stderr).toContain(`Cannot use database 16 of the queue's Redis at redis://${base.host}/16: ERR DB index is out of range (this Redis has fewer databases`);

    const names = (await db.runs.listRuns({ limit: 500 })).runs.map((r) => r.name);
    expect(names).not.toContain('unreachable-at-submit');
    expect(names).not.toContain('interrupted-at-submit');
    expect(names).not.toContain('no-such-db');
  });

  it('a worker stopped with SIGTERM finishes or hands back its items and exits 0; the run completes with every item once', async () => {
    // Its Redis URL carries a password (this Redis needs none, and ioredis goes on without): never printed.
    const leaving = await startWorker('leaving', redis.url.replace('redis://', 'redis://:s3cret@'));
    expect(leaving.output().stdout).toMatch(/^Worker leaving is waiting for items on redis:\/\/:\*\*\*@127\.0\.0\.1:6379 \(database postgresql:\/\/.*\)$/m);
    const submitted = await runCli(['evaluate', '--task', slow, '--dataset', dataset400, '--name', 'worker-leaves', '--detach', '--json', ...queueArgs()]);
    const { runId } = JSON.parse(submitted.stdout);
    await waitFor('some stored items', async () => (await storedItems(runId)).rows >= 50);
    leaving.child.kill('SIGTERM');
    const exit = await leaving.exited;
    expect(exit.killedByTest).toBe(false);
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('SIGTERM: closing');
    expect(exit.stdout + exit.stderr).not.toContain('s3cret');
    await waitFor('the run to complete', async () => (await db.runs.requireRun(runId)).status === 'completed', 120_000);
    const run = await db.runs.requireRun(runId);
    expect(await storedItems(runId)).toEqual({ rows: 400, distinct: 400 });
    expect(run).toMatchObject({ totalItems: 400, failedItems: 0 });
  });

  it('a task module the workers cannot load fails the run with the reason stored; the workers keep running', async () => {
    const r = await runCli(['evaluate', '--task', broken, '--dataset', dataset20, '--name', 'unloadable', ...queueArgs()]);
    expect(r.code).toBe(1);
    const run = await db.runs.requireRun(await runByName('unloadable'));
    expect(run.status).toBe('failed');
    expect(run.statusReason).toContain('the model client is not configured on this machine');
    expect(r.stdout).toContain('the model client is not configured on this machine');
    // The same metric file a second time on the same workers (the first test's run loaded it): registered once, no error.
    const next = await runCli(['evaluate', '--task', task, '--dataset', dataset20, '--metric-file', metrics, '--metrics', 'digits', '--name', 'after-unloadable', ...queueArgs()]);
    expect(next.code).toBe(0);
    const after = await db.runs.requireRun(await runByName('after-unloadable'));
    expect(after).toMatchObject({ status: 'completed', totalItems: 20, failedItems: 0 });
    expect(after.metrics.map((m) => [m.metricName, m.successfulEvaluations])).toEqual([['digits', 20]]);
    expect(workers.filter((w) => w.child.exitCode === null).length).toBe(2);
  });
});
