import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { checkHealth, HEARTBEAT_TIMEOUT_ENV, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// After `kill -9` of an evaluate, its run stays stored as running; `runs list` shows it abandoned (its writer is gone),
// and the health report's newest run must say the same, not the stored `running`.

const MINUTE = 60_000;

/** The pid of a process that has exited. */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe.each(DATABASE_KINDS)('checkHealth of a database whose newest run was abandoned, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });
  beforeEach(async () => {
    delete process.env[HEARTBEAT_TIMEOUT_ENV];
    for (const t of ['run_metrics', 'evaluation_items', 'run_tags', 'evaluation_runs']) await db.dataSource.query(`DELETE FROM "${t}"`);
  });
  afterAll(() => {
    delete process.env[HEARTBEAT_TIMEOUT_ENV];
  });

  const run = (name: string, writer: { host?: string; pid?: number; heartbeatAgoMs?: number }) =>
    db.runs.createRun({
      name,
      writerHost: writer.host ?? hostname(),
      writerPid: writer.pid ?? process.pid,
      heartbeatAt: new Date(Date.now() - (writer.heartbeatAgoMs ?? 0)),
    });
  const latest = async () => (await checkHealth({ dataSource: db.dataSource, config: db.config })).latestRun;

  it('shows a run whose writer process exited on this host (kill -9) as abandoned, as runs list does', async () => {
    const killed = await run('killme', { pid: exitedPid() });

    expect((await db.runs.requireRun(killed.id)).status).toBe('abandoned');
    expect(await latest()).toEqual({ id: killed.id, name: 'killme', status: 'abandoned', createdAt: expect.any(Date) });
  });

  it('shows a run whose writer on another host stopped beating as abandoned after the heartbeat timeout', async () => {
    const silent = await run('silent', { host: 'build-agent-7.example', pid: 4242, heartbeatAgoMs: 10 * MINUTE });

    expect(await latest()).toMatchObject({ id: silent.id, status: 'abandoned' });
    process.env[HEARTBEAT_TIMEOUT_ENV] = '1h';
    expect(await latest()).toMatchObject({ id: silent.id, status: 'running' });
    expect((await db.runs.requireRun(silent.id)).status).toBe('running');
  });

  it('honours an explicit heartbeat timeout as the database repositories do', async () => {
    const silent = await run('silent', { host: 'build-agent-7.example', pid: 4242, heartbeatAgoMs: 10 * MINUTE });

    const health = await checkHealth({ dataSource: db.dataSource, config: db.config, heartbeatTimeoutSeconds: 3600 });
    expect(health.latestRun).toMatchObject({ id: silent.id, status: 'running' });
  });

  it('keeps a run whose writer is alive running, and a finished run its stored status though its writer exited', async () => {
    const alive = await run('alive', {});
    expect(await latest()).toMatchObject({ id: alive.id, status: 'running' });

    await db.dataSource.query(`DELETE FROM "evaluation_runs"`);
    const done = await run('done', { pid: exitedPid(), heartbeatAgoMs: 10 * MINUTE });
    await db.dataSource.query(`UPDATE "evaluation_runs" SET "status" = 'completed', "completed_at" = "created_at"`);
    expect(await latest()).toMatchObject({ id: done.id, status: 'completed' });
  });
});
