import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A run shown as abandoned (no heartbeat for longer than the timeout) whose writer's process still exists on this host:
// a task stuck in an endless loop, or after a restart another process given the same id. `runs cancel` said "its
// writer is gone: settle it with runs recover", `runs recover` said the writer is alive (pass --force) and `runs delete`
// said "cancel first": each pointed at another. Every command now names the process and the way out.
describe('an abandoned run whose writer process still exists', () => {
  const database = useEmptyDatabase('sqlite');
  let db: Database;
  let stuck: ChildProcess;
  let runId = '';
  const cli = (...args: string[]) => runCli([...args, '--database-url', database.url]);

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    stuck = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const stale = new Date(Date.now() - 10 * 60_000);
    runId = (await db.runs.createRun({ name: 'stuck', status: 'running', metricsUsed: [], writerHost: hostname(), writerPid: stuck.pid!, heartbeatAt: stale })).id;
  });
  afterAll(async () => {
    stuck?.kill('SIGKILL');
    await db?.close();
  });

  it('is listed as abandoned', async () => {
    const r = await cli('runs', 'list', '--json');
    expect(JSON.parse(r.stdout).runs.map((run: { status: string }) => run.status)).toEqual(['abandoned']);
  });

  it('runs cancel names the live process and the way out, not "its writer is gone"', async () => {
    const r = await cli('runs', 'cancel', runId);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('its writer is gone');
    expect(r.stderr).toContain(`process ${stuck.pid} on ${hostname()}`);
    expect(r.stderr).toContain(`runs recover ${runId.slice(0, 8)} --force`);
  });

  it('runs delete names the live process and --force, not "cancel first"', async () => {
    const r = await cli('runs', 'delete', runId, '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/Cancel first/i);
    expect(r.stderr).toContain("refusing to delete run shown as abandoned whose writer's process still exists");
    expect(r.stderr).toContain(`process ${stuck.pid} on ${hostname()}`);
    expect(r.stderr).toContain('--force');
    expect(await db.runs.getRun(runId)).not.toBeNull();
  });

  it('runs recover --force settles it, as runs recover advises', async () => {
    const advised = await cli('runs', 'recover', runId);
    expect(advised.code).toBe(1);
    expect(advised.stderr).toContain('--force');
    const r = await cli('runs', 'recover', runId, '--force');
    expect(r.code).toBe(0);
    expect((await db.runs.requireRun(runId)).status).toBe('failed');
  });
});
