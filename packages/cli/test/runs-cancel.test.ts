import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs cancel` without --queue stores a running run as cancelled in the database; a run that is not
// running is exit 1 naming its status, and so is an unknown run, as in every other runs command (it was exit 2). (On a distributed run, with --queue, see
// distributed-evaluate.test.ts.)
describe.each(DATABASE_KINDS)('runs cancel, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const create = async (name: string, fields: Record<string, unknown>) => {
      ids[name] = (await db.runs.createRun({ name, metricsUsed: [], ...fields })).id;
    };
    await create('live', { status: 'running', writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date() });
    await create('live-json', { status: 'running', writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date() });
    await create('done', { status: 'completed' });
    await create('orphan', { status: 'running', writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date(Date.now() - 10 * 60_000) });
  });
  afterAll(() => db?.close());
  const cancel = (...args: string[]) => runCli(['runs', 'cancel', ...args, '--database-url', database.url], { env: { USER: 'ada' } });

  it('cancels a running run by name or id prefix, storing the reason', async () => {
    const [byName, json] = await Promise.all([cancel('live'), cancel(ids['live-json']!.slice(0, 8), '--reason', 'wrong prompt', '--json')]);
    expect(byName.stderr).toBe('');
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe(`cancelled ${ids.live!.slice(0, 8)}  live  0 items stored · cancelled with llm-eval runs cancel by ada\n`);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ runId: ids['live-json'], name: 'live-json', cancelled: true, status: 'cancelled', items: 0 });
    expect(await db.runs.requireRun(ids.live!)).toMatchObject({ status: 'cancelled', statusReason: 'cancelled with llm-eval runs cancel by ada' });
    expect(await db.runs.requireRun(ids['live-json']!)).toMatchObject({ status: 'cancelled', statusReason: 'wrong prompt' });
  });

  it('a run that is not running is exit 1 naming its status; an abandoned one points to runs recover', async () => {
    const [done, orphan, json] = await Promise.all([cancel(ids.done!), cancel(ids.orphan!), cancel(ids.done!, '--json')]);
    expect(done.code).toBe(1);
    expect(done.stderr).toBe(`llm-eval: run ${ids.done} "done" is completed, not running: nothing to cancel\n`);
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toContain(`is abandoned, not running: nothing to cancel (its writer is gone: settle it with llm-eval runs recover ${ids.orphan!.slice(0, 8)} --database-url <the same URL>)`);
    expect(JSON.parse(json.stdout)).toEqual({ runId: ids.done, name: 'done', cancelled: false, status: 'completed' });
    expect((await db.runs.requireRun(ids.done!)).status).toBe('completed');
  });

  it('an unknown run is exit 1, as runs show and the other runs commands', async () => {
    const [r, show] = await Promise.all([cancel('ffff9999'), runCli(['runs', 'show', 'ffff9999', '--database-url', database.url])]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No run id starts with "ffff9999"');
    expect(r.stdout).toBe('');
    expect(show.code).toBe(r.code);
  });

  it('--help says that a run not found is exit 1', async () => {
    const r = await runCli(['runs', 'cancel', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('1 the run was not running (the message names its status) or was not found');
    expect(r.stdout).not.toContain('2 no such run');
  });
});
