import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor, type CliProcess } from './cli-process';

// `runs delete --yes` deleted a run an `evaluate` in another process was still writing: that evaluate then failed at
// its next batch and advised deleting "the partial run", which was gone. Now a run still running with a live writer
// is refused (exit 1) unless --force, `runs prune` never deletes one, and an evaluate whose run was deleted with
// --force says so and that importing its result file creates the run again. It went on running every remaining item
// before saying so (minutes of model calls for nothing): the deletion now stops it as promptly as a cancel.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-delete-running-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ITEMS = 2000;
const dataset = path.join(dir, 'slow.jsonl');
writeFileSync(dataset, Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
// 20 ms per item, 4 at a time: about 10 s for the whole dataset, long enough to act on the run while it is written.
const task = path.join(dir, 'slow.mjs');
// Each call appends a line to calls.txt in the evaluate's working directory: the task calls started, counted.
writeFileSync(
  task,
  `import { appendFileSync } from 'node:fs';\n` +
    `export default (x) => { appendFileSync('calls.txt', x + '\\n'); return new Promise((resolve) => setTimeout(() => resolve(x), 20)); };\n`,
);
/** Task calls an evaluate run in `cwd` started. */
const callsIn = (cwd: string) => (existsSync(path.join(cwd, 'calls.txt')) ? readFileSync(path.join(cwd, 'calls.txt'), 'utf8').split('\n').length - 1 : 0);
// For the forced delete: 30 s of task calls, were the evaluate to run them all.
const MANY = 6000;
const manyItems = path.join(dir, 'many.jsonl');
writeFileSync(manyItems, Array.from({ length: MANY }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const DAY = 86_400_000;

/** Starts `evaluate` on the slow task and waits until its run is in the database with some items; returns its id. */
async function startEvaluate(db: Database, url: string, cwd: string, extra: string[] = [], items = dataset): Promise<{ evaluation: CliProcess; runId: string }> {
  const evaluation = startCli(['evaluate', '--task', task, '--dataset', items, '--concurrency', '4', '--project', 'live', '--database-url', url, ...extra], {
    cwd,
    killAfterMs: 5 * 60_000,
  });
  let runId: string | undefined;
  await waitFor('the run to be stored', async () => {
    if (evaluation.child.exitCode !== null) throw new Error(`evaluate exited early: ${evaluation.output().stderr}`);
    runId ??= (await db.runs.listRuns({ projectId: 'live', status: 'running' })).runs[0]?.id;
    return runId !== undefined && (await db.runs.listItems(runId, { limit: 1 })).total > 0;
  });
  return { evaluation, runId: runId! };
}

describe('runs delete and runs prune with a run an evaluate is writing (SQLite, a real second process)', () => {
  const database = useEmptyDatabase('sqlite');
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(() => db?.close());

  it('refuses to delete or prune the live run (exit 1 naming it, saying to cancel or --force); the evaluate completes with every item', async () => {
    const cwd = mkdtempSync(path.join(dir, 'refused-'));
    const { evaluation, runId } = await startEvaluate(db, database.url, cwd);
    const short = runId.slice(0, 8);

    const refused = await runCli(['runs', 'delete', short, '--yes', '--database-url', database.url]);
    expect(refused.stderr).toMatch(new RegExp(`^llm-eval: refusing to delete run still running: ${short} \\(".*": process ${evaluation.child.pid} on .* is writing it\\); nothing was deleted\\.`));
    expect(refused.stderr).toContain(`Cancel first (llm-eval runs cancel ${short} --database-url <the same URL>), or pass --force`);
    expect(refused.code).toBe(1);
    const asJson = await runCli(['runs', 'delete', runId, '--yes', '--json', '--database-url', database.url]);
    expect(asJson.code).toBe(1);
    expect(asJson.stdout).toBe('');

    // Not with --older-than an age it has passed, nor when named by status.
    const pruned = await runCli(['runs', 'prune', '--older-than', '0.01min', '--yes', '--json', '--database-url', database.url]);
    expect(pruned.code).toBe(0);
    expect(JSON.parse(pruned.stdout)).toEqual({ matched: 0, deleted: 0, dryRun: false });
    expect(pruned.stderr).toMatch(/note: 1 run\(s\) created before .* are still running with a live writer and are left alone/);
    const byStatus = await runCli(['runs', 'prune', '--older-than', '0.01min', '--status', 'running', '--yes', '--database-url', database.url]);
    expect(byStatus.code).toBe(2);
    expect(byStatus.stderr).toContain('llm-eval: runs prune never deletes running runs (their writer is alive)');
    expect(await db.runs.getRun(runId)).not.toBeNull();

    const done = await evaluation.exited;
    expect(done.stderr).not.toContain('storing the run failed');
    expect(done.code).toBe(0);
    expect(await db.runs.requireRun(runId)).toMatchObject({ status: 'completed', totalItems: ITEMS });
    expect((await db.runs.listItems(runId, { limit: 1 })).total).toBe(ITEMS);
    // Finished, it goes like any other run.
    const after = await runCli(['runs', 'delete', short, '--yes', '--database-url', database.url]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('Deleted 1 run(s).');
  });

  it('--force deletes it; the evaluate then stops, says its run was deleted and that importing the file creates it again', async () => {
    const cwd = mkdtempSync(path.join(dir, 'forced-'));
    const { evaluation, runId } = await startEvaluate(db, database.url, cwd, ['--json'], manyItems);
    const forced = await runCli(['runs', 'delete', runId, '--yes', '--force', '--database-url', database.url]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Deleted 1 run(s).');
    expect(forced.stderr).toContain(`note: run ${runId.slice(0, 8)} was still running (process ${evaluation.child.pid} on `);
    expect(await db.runs.getRun(runId)).toBeNull();

    const done = await evaluation.exited;
    expect(done.killedByTest).toBe(false);
    expect(done.code).toBe(1);
    // It stopped soon after the deletion, far from the end of the dataset, and started no task call after it stopped:
    // every call but those in flight then (at most --concurrency) has its item in the result file.
    const calls = callsIn(cwd);
    expect(calls).toBeLessThan(MANY / 2);
    const fallback = path.join(cwd, `llm-eval-unsaved-${runId}.json`);
    expect(existsSync(fallback)).toBe(true);
    const saved = (JSON.parse(readFileSync(fallback, 'utf8')) as { total_items: number }).total_items;
    expect(saved).toBeGreaterThan(0);
    expect(calls - saved).toBeGreaterThanOrEqual(0);
    expect(calls - saved).toBeLessThanOrEqual(4);
    expect(done.stderr).toContain(
      `llm-eval: storing the run failed: run ${runId} was deleted from the database while it ran (llm-eval runs delete --force?); none of its items are stored.\n` +
        `  The result of the ${saved.toLocaleString('en-US')} items evaluated before it stopped is in ${fallback}. Importing it creates the run again:\n` +
        `    llm-eval db migrate ${fallback} --database-url <the same URL>\n`,
    );
    expect(done.stderr).not.toContain('Then delete the partial run');
    expect(JSON.parse(done.stdout).storageFailure).toMatchObject({ runId, runDeleted: true, storedItems: 0, totalItems: saved, fallbackFile: fallback });

    const migrated = await runCli(['db', 'migrate', fallback, '--json', '--database-url', database.url]);
    expect(migrated.code).toBe(0);
    const [imported] = JSON.parse(migrated.stdout).imported;
    expect(imported).toMatchObject({ items: saved });
    expect(imported.partialRunId).toBeUndefined();
  });
});

describe.each(DATABASE_KINDS)('runs delete and runs prune by writer liveness, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const old = new Date(Date.now() - 3 * DAY);
    const create = async (name: string, fields: Record<string, unknown>) => {
      ids[name] = (await db.runs.createRun({ name, projectId: 'liveness', metricsUsed: [], createdAt: old, ...fields })).id;
    };
    // Written from another host: only the heartbeat tells whether its writer is alive.
    await create('orphan', { status: 'running', writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date(Date.now() - 10 * 60_000) });
    await create('live', { status: 'running', writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date() });
    await create('live-too', { status: 'running', writerHost: 'elsewhere.example', writerPid: 4343, heartbeatAt: new Date() });
    await create('orphan-too', { status: 'running', writerHost: 'elsewhere.example', writerPid: 4444, heartbeatAt: new Date(Date.now() - 10 * 60_000) });
    await create('done', { status: 'completed' });
  });
  afterAll(() => db?.close());

  it('runs delete refuses every live run it is given and deletes nothing, even beside a run it could delete', async () => {
    const r = await runCli(['runs', 'delete', ids.done!, ids.live!, ids['live-too']!, '--yes', '--database-url', database.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('llm-eval: refusing to delete 2 runs still running: ');
    expect(r.stderr).toContain(`${ids.live!.slice(0, 8)} ("live": process 4242 on elsewhere.example is writing it)`);
    expect(r.stderr).toContain('Cancel first (llm-eval runs cancel <run> --database-url <the same URL> for each), or pass --force');
    expect((await db.runs.listRuns({ projectId: 'liveness' })).total).toBe(5);
  });

  it('runs delete deletes an abandoned run (its writer gone) without --force', async () => {
    const r = await runCli(['runs', 'delete', ids.orphan!, '--yes', '--database-url', database.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${ids.orphan!.slice(0, 8)}  orphan  0 items · abandoned`);
    expect(r.stdout).toContain('Deleted 1 run(s).');
  });

  it('runs prune --older-than leaves the live runs and deletes the abandoned one with the rest', async () => {
    const dry = await runCli(['runs', 'prune', '--older-than', '1d', '--dry-run', '--database-url', database.url]);
    expect(dry.stdout).toContain('2 run(s) with 0 item(s) created before');
    expect(dry.stderr).toContain('note: 2 run(s) created before');
    const r = await runCli(['runs', 'prune', '--older-than', '1d', '--yes', '--json', '--database-url', database.url]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ matched: 2, deleted: 2, dryRun: false });
    expect((await db.runs.listRuns({ projectId: 'liveness' })).runs.map((run) => run.name).sort()).toEqual(['live', 'live-too']);
  });

  it('runs delete --force deletes a live run', async () => {
    const r = await runCli(['runs', 'delete', ids.live!, '--yes', '--force', '--json', '--database-url', database.url]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ deleted: [ids.live] });
    expect(r.stderr).toContain(`note: run ${ids.live!.slice(0, 8)} was still running (process 4242 on elsewhere.example is writing it)`);
  });
});
