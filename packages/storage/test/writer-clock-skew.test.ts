import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { RunRepository, RunWriterAliveError, databaseNow, type Database } from '../src';
import { useMigratedDatabase } from './databases';

const exec = promisify(execFile);
// The writer is a separate Node process under faketime, so it loads the built package (turbo builds it before tests).
const DIST = path.join(__dirname, '..', 'dist', 'index.js');
const WRITER = path.join(__dirname, 'fixtures', 'skewed-clock-writer.mjs');
const FAKETIME = 'faketime';
const SKEW_MS = 10 * 60_000;

/** Runs the writer fixture with its clock `offset` ('-10m', '+10m') off this process's; returns what it printed. */
async function skewedWriter(offset: string, url: string, action: 'create' | 'beat', runId?: string): Promise<{ id: string; clock: Date }> {
  const args = ['-f', offset, process.execPath, WRITER, DIST, url, action, ...(runId ? [runId] : [])];
  const { stdout } = await exec(FAKETIME, args, { maxBuffer: 1 << 20 });
  const printed = JSON.parse(stdout) as { id: string; clock: string };
  return { id: printed.id, clock: new Date(printed.clock) };
}

/**
 * PostgreSQL is shared by writers and readers on different machines, whose clocks may be minutes apart: a heartbeat
 * stamped by the writer's clock and judged by the reader's showed a live run `abandoned` (recovered and pruned under
 * its writer) when the writer's clock ran behind, and a killed one `running` long past the timeout when it ran ahead.
 * Heartbeats are stamped and judged by the database's clock. (SQLite is a file of one host: nothing to test there.)
 */
describe('a run written from a machine whose clock is off, on postgres', () => {
  const testDb = useMigratedDatabase('postgres');
  let db: Database;
  beforeAll(() => {
    // CI must install faketime (apt-get install faketime): without it this test cannot run the skewed writer.
    if (spawnSync(FAKETIME, ['-f', '+0', process.execPath, '-e', '0']).status !== 0) {
      throw new Error(`${FAKETIME} is not installed (apt-get install -y faketime): it runs this test's writer with a skewed clock.`);
    }
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build @llm-eval/storage first (pnpm --filter @llm-eval/storage run build).`);
    db = testDb.db;
  });
  beforeEach(async () => {
    for (const t of ['run_metrics', 'evaluation_items', 'run_tags', 'evaluation_runs']) await db.dataSource.query(`DELETE FROM "${t}"`);
  });

  const expectLive = async (runs: RunRepository, id: string) => {
    expect((await runs.requireRun(id)).status).toBe('running');
    expect((await runs.listRuns()).runs.map((r) => [r.id, r.status])).toEqual([[id, 'running']]);
    expect((await runs.listRuns({ status: ['running'] })).runs.map((r) => r.id)).toEqual([id]);
    expect((await runs.listRuns({ status: ['abandoned'] })).runs).toEqual([]);
    expect(await runs.findAbandonedRuns()).toEqual([]);
    expect((await runs.findRunsOlderThan({ before: new Date(Date.now() + 60_000), statuses: ['abandoned'] })).ids).toEqual([]);
    await expect(runs.recoverRun(id)).rejects.toBeInstanceOf(RunWriterAliveError);
    expect((await runs.requireRun(id)).status).toBe('running');
  };

  it('shows the live run of a writer whose clock runs 10 minutes behind as running, and does not recover it', async () => {
    const created = await skewedWriter('-10m', testDb.url, 'create');
    // The writer's clock is off indeed (the test proves nothing if faketime did not take).
    expect(Date.now() - created.clock.getTime()).toBeGreaterThan(SKEW_MS / 2);
    await expectLive(db.runs, created.id);
  });

  it('takes a heartbeat refreshed by a writer whose clock runs 10 minutes behind as fresh', async () => {
    const created = await skewedWriter('-10m', testDb.url, 'create');
    // A heartbeat long gone: only the refresh below can make the run live again.
    await db.dataSource.query(`UPDATE "evaluation_runs" SET "heartbeat_at" = now() - interval '1 hour' WHERE "id" = $1`, [created.id]);
    expect((await db.runs.requireRun(created.id)).status).toBe('abandoned');
    await skewedWriter('-10m', testDb.url, 'beat', created.id);
    await expectLive(db.runs, created.id);
  });

  it('shows the run of a writer whose clock runs 10 minutes ahead as abandoned once it stops beating for the timeout', async () => {
    const created = await skewedWriter('+10m', testDb.url, 'create');
    await skewedWriter('+10m', testDb.url, 'beat', created.id);
    expect(created.clock.getTime() - Date.now()).toBeGreaterThan(SKEW_MS / 2);
    const runs = new RunRepository(db.dataSource, { heartbeatTimeoutSeconds: 1 });
    // The writer is gone: wait until the database's clock is past its last heartbeat by more than the timeout.
    const [{ heartbeat_at: last }] = await db.dataSource.query(`SELECT "heartbeat_at" FROM "evaluation_runs" WHERE "id" = $1`, [created.id]);
    while ((await databaseNow(db.dataSource)).getTime() - (last as Date).getTime() <= 1_500) await new Promise((r) => setTimeout(r, 250));
    expect((await runs.requireRun(created.id)).status).toBe('abandoned');
    expect((await runs.listRuns({ status: ['abandoned'] })).runs.map((r) => r.id)).toEqual([created.id]);
    expect((await runs.findAbandonedRuns()).map((r) => r.id)).toEqual([created.id]);
    expect((await runs.recoverRun(created.id)).status).toBe('failed');
  });
});
