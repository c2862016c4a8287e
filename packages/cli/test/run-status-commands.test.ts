import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// Every command takes the same statuses (stored ones and abandoned), and runs show says why a run ended as it did.
const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('run statuses in commands, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const old = new Date(Date.now() - 3 * DAY);
    const create = async (name: string, fields: Record<string, unknown>) => {
      ids[name] = (await db.runs.createRun({ name, projectId: 'statuses', metricsUsed: [], createdAt: old, ...fields })).id;
    };
    await create('done', { status: 'completed' });
    // Written from another host: only the heartbeat tells whether its writer is alive.
    await create('orphan', { status: 'running', writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date(Date.now() - 10 * 60_000) });
    await create('live', { status: 'running', writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date() });
    await create('broken', { status: 'failed', statusReason: '3 item(s) were not stored: item "q7": too long' });
  });
  afterAll(() => db?.close());

  it('runs show prints why a failed run failed and how to settle an abandoned one', async () => {
    const failed = await runCli(['runs', 'show', ids.broken!, '--database-url', database.url]);
    expect(failed.code).toBe(0);
    expect(failed.stdout).toContain('  reason   3 item(s) were not stored: item "q7": too long\n');
    const abandoned = await runCli(['runs', 'show', ids.orphan!, '--database-url', database.url]);
    expect(abandoned.stdout).toMatch(/ abandoned /);
    expect(abandoned.stdout).toContain(`  reason   its writer is gone; settle it with llm-eval runs recover ${ids.orphan!.slice(0, 8)}`);
    const completed = await runCli(['runs', 'show', ids.done!, '--database-url', database.url]);
    expect(completed.stdout).not.toContain('reason');
  });

  it('projects show counts the abandoned run apart from the live running one', async () => {
    const r = await runCli(['projects', 'show', 'statuses', '--json', '--database-url', database.url]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).runCounts).toEqual({ total: 4, running: 1, abandoned: 1, completed: 1, failed: 1, cancelled: 0 });
    const table = await runCli(['projects', 'show', 'statuses', '--database-url', database.url]);
    expect(table.stdout).toContain('4 (1 running, 1 abandoned, 1 completed, 1 failed, 0 cancelled)');
  });

  // A run without items has no success rate: "success 0.0%" said every item failed (a cancelled `evaluate --queue`
  // before any worker ran an item printed it).
  it('shows no success rate (–) for a run without items, in runs show and runs list', async () => {
    const show = await runCli(['runs', 'show', ids.done!, '--no-color', '--database-url', database.url]);
    expect(show.stdout).toContain('0 (0 ok, 0 failed) · success –\n');
    const list = await runCli(['runs', 'list', '--project', 'statuses', '--no-color', '--database-url', database.url]);
    const row = list.stdout.split('\n').find((line) => line.includes(' done '));
    expect(row?.split('│').map((cell) => cell.trim()).slice(2, 9)).toEqual(['done', 'completed', 'statuses', '–', '–', '–', '0']);
  });

  it('runs prune --status abandoned deletes only the abandoned run, not the live running one', async () => {
    const r = await runCli(['runs', 'prune', '--older-than', '1d', '--status', 'abandoned', '--yes', '--json', '--database-url', database.url]);
    expect(r.stderr).toContain('1 run(s) with 0 item(s) created before');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ matched: 1, deleted: 1, dryRun: false });
    const left = (await db.runs.listRuns()).runs.map((run) => run.name).sort();
    expect(left).toEqual(['broken', 'done', 'live']);
  });
});
