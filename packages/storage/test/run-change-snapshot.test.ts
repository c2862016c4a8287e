import { Client, type Notification } from 'pg';
import { dialectOf, latestRunChangeId, parseRunChangePayload, readRunChangesSince, readRunSnapshots, RUN_CHANGES_CHANNEL, type Database, type RunChange } from '../src';
import { DATABASE_KINDS, undoMigrationsThrough, useMigratedDatabase } from './databases';

// A deletion signal carries the run as it was deleted (read in the deleting transaction): a reader in another process
// that had not read the run yet (created, finished and deleted within one of its polls) still tells of its creation
// and finish. SQLite keeps the snapshot on the run_changes row (run_snapshot), PostgreSQL in the NOTIFY payload, which
// must stay under 8000 bytes.

/** Every character escaped as \uXXXX in JSON: the longest JSON a text of this length can give. */
const widest = (length: number) => '\u0007'.repeat(length);

interface DeletionReader {
  start(db: Database, url: string): Promise<void>;
  deletions(db: Database): Promise<RunChange[]>;
  stop(): Promise<void>;
}

function sqliteReader(): DeletionReader {
  let after = 0;
  const query = (db: Database) => (sql: string, params: unknown[]) => db.dataSource.query(sql, params);
  return {
    async start(db) {
      after = await latestRunChangeId(query(db));
    },
    async deletions(db) {
      const rows = await readRunChangesSince(query(db), after);
      after = rows.at(-1)?.id ?? after;
      return rows.filter((r) => r.kind === 'deleted').map(({ id: _id, ...change }) => change);
    },
    async stop() {},
  };
}

function postgresReader(): DeletionReader {
  let client: Client | undefined;
  const received: string[] = [];
  return {
    async start(_db, url) {
      client = new Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n: Notification) => {
        if (n.channel === RUN_CHANGES_CHANNEL && n.payload) received.push(n.payload);
      });
      await client.query(`LISTEN ${RUN_CHANGES_CHANNEL}`);
    },
    async deletions(db) {
      const marker = `marker-${Date.now()}-${Math.random()}`;
      await db.dataSource.query(`SELECT pg_notify($1, $2)`, [RUN_CHANGES_CHANNEL, JSON.stringify({ runId: marker, kind: 'updated' })]);
      for (let i = 0; i < 500 && !received.some((p) => p.includes(marker)); i++) await new Promise((r) => setTimeout(r, 10));
      const upTo = received.findIndex((p) => p.includes(marker));
      expect(upTo).toBeGreaterThanOrEqual(0);
      const got = received.splice(0, upTo + 1).slice(0, upTo);
      for (const p of got) expect(Buffer.byteLength(p)).toBeLessThan(8000);
      return got.map((p) => parseRunChangePayload(p)!).filter((c) => c.kind === 'deleted');
    },
    async stop() {
      await client?.end().catch(() => undefined);
    },
  };
}

describe.each(DATABASE_KINDS)('the snapshot of a deleted run in its change signal on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  const reader = kind === 'postgres' ? postgresReader() : sqliteReader();
  beforeAll(() => reader.start(testDb.db, testDb.url));
  afterAll(() => reader.stop());

  it('carries the finished run as it was deleted: status, reason, names, totals and dates', async () => {
    const { db } = testDb;
    await reader.deletions(db);
    const run = await db.runs.createRun({ name: 'snap', projectId: 'alpha', modelName: 'gpt-4o', datasetName: 'squad' });
    await db.runs.addItems(run.id, [
      { itemId: 'a', status: 'completed', responseTime: 0.5, tokensUsed: 10, cost: 0.25, scores: { f1: 1 } },
      { itemId: 'b', status: 'failed', responseTime: 1.5, tokensUsed: 20, cost: 0.5, scores: { f1: 0 } },
    ]);
    await db.runs.finalizeRun(run.id, { status: 'failed', statusReason: 'model timed out', durationSeconds: 12.5 });
    const stored = (await db.runs.getRun(run.id))!;
    await db.runs.deleteRun(run.id);
    const [deletion, ...rest] = await reader.deletions(db);
    expect(rest).toEqual([]);
    expect(deletion).toMatchObject({ runId: run.id, kind: 'deleted', runName: 'snap', projectId: 'alpha' });
    expect(deletion!.snapshot).toEqual({
      id: run.id,
      name: 'snap',
      status: 'failed',
      statusReason: 'model timed out',
      projectId: 'alpha',
      modelName: 'gpt-4o',
      datasetName: 'squad',
      totalItems: 2,
      successfulItems: 1,
      failedItems: 1,
      successRate: 0.5,
      avgResponseTime: 1,
      totalTokens: 30,
      totalCost: 0.75,
      durationSeconds: 12.5,
      createdAt: stored.createdAt,
      startedAt: stored.startedAt,
      completedAt: stored.completedAt,
    });
  });

  it('carries every run of deleteRuns, a running one and one without a project too', async () => {
    const { db } = testDb;
    await reader.deletions(db);
    const a = await db.runs.createRun({ name: 'a', projectId: 'alpha' });
    const b = await db.runs.importRun({ name: 'b', status: 'completed' }, [{ itemId: 'x', status: 'completed', scores: {} }]);
    expect(await db.runs.deleteRuns([a.id, b.id])).toBe(2);
    const byId = new Map((await reader.deletions(db)).map((d) => [d.runId, d.snapshot]));
    expect(byId.get(a.id)).toMatchObject({ name: 'a', status: 'running', projectId: 'alpha', totalItems: 0, completedAt: null });
    expect(byId.get(b.id)).toMatchObject({ name: 'b', status: 'completed', projectId: null, totalItems: 1, successRate: 1 });
  });

  it('names the run, its model, dataset and reason as given, NUL and U+FDD0 included, in the signal and in snapshots', async () => {
    const { db } = testDb;
    await reader.deletions(db);
    // A literal U+FDD0 followed by hex digits must not be taken for an escape.
    const name = 'nul\u0000esc\uFDD00000';
    const run = await db.runs.createRun({ name, modelName: `m${name}`, datasetName: `d${name}` });
    await db.runs.finalizeRun(run.id, { status: 'failed', statusReason: `r${name}` });
    const given = { name, modelName: `m${name}`, datasetName: `d${name}`, statusReason: `r${name}` };
    const query = (sql: string, params: unknown[]) => db.dataSource.query(sql, params);
    expect(await readRunSnapshots(query, dialectOf(db.dataSource), [run.id])).toEqual([expect.objectContaining(given)]);
    await db.runs.deleteRun(run.id);
    const [deletion] = await reader.deletions(db);
    expect(deletion).toMatchObject({ runName: name, snapshot: given });
  });

  it('stays within a notification with the longest names every character of which is escaped and a long reason', async () => {
    const { db } = testDb;
    await reader.deletions(db);
    const name = widest(255);
    const reason = widest(2000); // the longest a final state takes
    const run = await db.runs.createRun({ name, projectId: `p.${'a-_'.repeat(42)}`, modelName: widest(255), datasetName: widest(255) });
    await db.runs.finalizeRun(run.id, { status: 'failed', statusReason: reason });
    await db.runs.deleteRun(run.id);
    expect(await db.runs.getRun(run.id)).toBeNull();
    const [deletion] = await reader.deletions(db);
    expect(deletion).toMatchObject({ runId: run.id, runName: name });
    expect(deletion!.snapshot).toMatchObject({ name, modelName: widest(255), datasetName: widest(255), status: 'failed' });
    // PostgreSQL's payload keeps the start of a long reason; SQLite's row keeps all of it.
    const kept = deletion!.snapshot!.statusReason!;
    if (kind === 'postgres') expect(kept).toBe(`${reason.slice(0, 199)}…`);
    else expect(kept).toBe(reason);
  });
});

describe('parsing a deletion payload with a snapshot', () => {
  const base = { runId: 'r1', kind: 'deleted', runName: 'n', projectId: 'alpha' };
  const fields = {
    status: 'completed', statusReason: null, modelName: null, datasetName: 'd', totalItems: 1, successfulItems: 1, failedItems: 0,
    successRate: 1, avgResponseTime: null, totalTokens: 0, totalCost: 0, durationSeconds: 2, createdAt: '2026-01-01T00:00:00.000Z', completedAt: null,
  };

  it('takes a well-formed snapshot, naming the run by the change', () => {
    const started = { ...fields, startedAt: '2026-01-01T00:00:01.000Z' };
    expect(parseRunChangePayload(JSON.stringify({ ...base, snapshot: started }))!.snapshot).toEqual({
      ...fields, id: 'r1', name: 'n', projectId: 'alpha', createdAt: new Date(fields.createdAt), startedAt: new Date(started.startedAt),
    });
  });

  it("reads an older writer's snapshot, which has no start time, as a run without one", () => {
    expect(parseRunChangePayload(JSON.stringify({ ...base, snapshot: fields }))!.snapshot).toEqual({
      ...fields, id: 'r1', name: 'n', projectId: 'alpha', createdAt: new Date(fields.createdAt), startedAt: null,
    });
  });

  it('leaves out a snapshot that is malformed, or of a change without a name or project (never a made-up run)', () => {
    for (const wrong of [null, 'x', [], { ...fields, totalItems: '1' }, { ...fields, createdAt: 'soon' }, { ...fields, status: 3 }, { ...fields, startedAt: 'soon' }, { ...fields, startedAt: 5 }]) {
      const parsed = parseRunChangePayload(JSON.stringify({ ...base, snapshot: wrong }));
      expect(parsed).toEqual(base);
    }
    expect(parseRunChangePayload(JSON.stringify({ runId: 'r1', kind: 'deleted', runName: 'n', snapshot: fields }))).not.toHaveProperty('snapshot');
    expect(parseRunChangePayload(JSON.stringify({ runId: 'r1', kind: 'updated', runName: 'n', projectId: null, snapshot: fields }))).not.toHaveProperty('snapshot');
  });
});

describe('the run_changes snapshot column migration on sqlite', () => {
  const testDb = useMigratedDatabase('sqlite');
  const columns = async (db: Database) => ((await db.dataSource.query(`PRAGMA table_info("run_changes")`)) as Array<{ name: string }>).map((c) => c.name);

  it('is removed by its revert, keeping the change rows, and added again', async () => {
    const { db } = testDb;
    const run = await db.runs.createRun({ name: 'before the revert' });
    await db.runs.deleteRun(run.id);
    const count = async () => Number((await db.dataSource.query(`SELECT COUNT(*) AS n FROM "run_changes"`))[0].n);
    const rows = await count();
    expect(await columns(db)).toContain('run_snapshot');
    await undoMigrationsThrough(db.dataSource, 'RunChangeSnapshot1807000000000');
    expect(await columns(db)).not.toContain('run_snapshot');
    expect(await count()).toBe(rows);
    await db.dataSource.runMigrations();
    expect(await columns(db)).toContain('run_snapshot');
    expect(await count()).toBe(rows);
    const query = (sql: string, params: unknown[]) => db.dataSource.query(sql, params);
    // A deletion row of an older writer (no snapshot) reads without one.
    const start = await latestRunChangeId(query);
    await db.dataSource.query(`INSERT INTO "run_changes" ("run_id", "kind", "run_name", "project_id", "changed_at") VALUES ('old', 'deleted', 'old run', NULL, 0)`);
    const [old] = await readRunChangesSince(query, start);
    expect(old).toEqual({ id: start + 1, runId: 'old', kind: 'deleted', runName: 'old run', projectId: null });
  });
});
