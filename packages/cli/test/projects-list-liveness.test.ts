import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `projects list` read the stored status column: a project whose newest run's writer was gone (kill -9) showed it as
// `running`, while runs list and projects show said `abandoned`. Its trend also drew a completed run without items as
// 0%, where runs list shows no success rate ("–").
describe.each(DATABASE_KINDS)('projects list, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    const item = (itemId: string, status: 'completed' | 'failed') => ({ itemId, status });
    const done = await db.runs.createRun({ name: 'done', projectId: 'gone', createdAt: at(30) });
    await db.runs.addItems(done.id, [item('a', 'completed'), item('b', 'failed')]);
    await db.runs.updateRun(done.id, { status: 'completed' });
    // Completed without items: no success rate, so no point in the trend.
    await db.runs.createRun({ name: 'empty', projectId: 'gone', status: 'completed', createdAt: at(20) });
    await db.runs.createRun({ name: 'dying', projectId: 'gone', status: 'running', writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: at(10), createdAt: at(10) });
    await db.runs.createRun({ name: 'alive', projectId: 'live', status: 'running', writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date(), createdAt: at(5) });
  });
  afterAll(() => db?.close());

  it('shows a newest run whose writer is gone as abandoned, a live one as running, and no trend point for a run without items', async () => {
    const r = await runCli(['projects', 'list', '--json', '--database-url', database.url]);
    expect(r.code).toBe(0);
    const { projects } = JSON.parse(r.stdout) as { projects: Array<{ id: string; latestRun: { status: string }; recentSuccessRates: number[] }> };
    const byId = Object.fromEntries(projects.map((p) => [p.id, p]));
    expect(byId.gone!.latestRun.status).toBe('abandoned');
    expect(byId.live!.latestRun.status).toBe('running');
    expect(byId.gone!.recentSuccessRates).toEqual([0.5]);
    const table = await runCli(['projects', 'list', '--database-url', database.url]);
    expect(table.stdout).toMatch(/gone .*abandoned/);
  });
});
