import { Client, type Notification } from 'pg';
import { parseRunChangePayload, readRunChangesSince, latestRunChangeId, RUN_CHANGES_CHANNEL, type Database, type RunChange } from '../src';
import { DATABASE_KINDS, undoMigrationsThrough, useMigratedDatabase } from './databases';

// A deletion signal carries the deleted run's project (null: a run without one), so a reader in another process that
// never read the run still knows whose deletion it is. SQLite keeps it on the run_changes row, PostgreSQL in the
// NOTIFY payload.

/** Every character escaped as \uXXXX in JSON: the longest payload a run name of this length can give. */
const widest = (length: number) => '\u0007'.repeat(length);
/** The longest project id (a slug of at most 128 characters). */
const longestProject = `p.${'a-_'.repeat(42)}`;

describe('parsing a run change notification payload', () => {
  it('takes a string or null projectId, and leaves out any other value (the project is then not known)', () => {
    const base = { runId: 'r1', kind: 'deleted', runName: 'n' };
    expect(parseRunChangePayload(JSON.stringify({ ...base, projectId: 'alpha' }))).toEqual({ ...base, projectId: 'alpha' });
    expect(parseRunChangePayload(JSON.stringify({ ...base, projectId: null }))).toEqual({ ...base, projectId: null });
    expect(parseRunChangePayload(JSON.stringify({ ...base, projectId: '' }))).toEqual({ ...base, projectId: '' });
    // Before projects were recorded: no projectId at all.
    const older = parseRunChangePayload(JSON.stringify(base));
    expect(older).toEqual(base);
    expect(older).not.toHaveProperty('projectId');
    for (const wrong of [42, true, ['alpha'], { id: 'alpha' }, 0]) {
      const parsed = parseRunChangePayload(JSON.stringify({ ...base, projectId: wrong }));
      expect(parsed).toEqual(base);
      expect(parsed).not.toHaveProperty('projectId');
    }
  });
});

/** Reads the deletion signals committed since the last call, on either database. */
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
      // Deletion snapshots are tested in run-change-snapshot.test.ts.
      return rows.filter((r) => r.kind === 'deleted').map(({ id: _id, snapshot: _s, ...change }) => change);
    },
    async stop() {},
  };
}

function postgresReader(): DeletionReader {
  let client: Client | undefined;
  const received: Array<RunChange | null> = [];
  return {
    async start(_db, url) {
      client = new Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n: Notification) => {
        if (n.channel === RUN_CHANGES_CHANNEL && n.payload) received.push(parseRunChangePayload(n.payload));
      });
      await client.query(`LISTEN ${RUN_CHANGES_CHANNEL}`);
    },
    async deletions(db) {
      // A marker sent after the writes: once it arrives, every earlier commit's notifications have too.
      const marker = `marker-${Date.now()}-${Math.random()}`;
      await db.dataSource.query(`SELECT pg_notify($1, $2)`, [RUN_CHANGES_CHANNEL, JSON.stringify({ runId: marker, kind: 'updated' })]);
      for (let i = 0; i < 500 && !received.some((c) => c?.runId === marker); i++) await new Promise((r) => setTimeout(r, 10));
      const upTo = received.findIndex((c) => c?.runId === marker);
      expect(upTo).toBeGreaterThanOrEqual(0);
      const got = received.splice(0, upTo + 1).slice(0, upTo);
      // Every payload parses: none was refused as not ours.
      expect(got).not.toContain(null);
      return (got as RunChange[]).filter((c) => c.kind === 'deleted').map(({ snapshot: _s, ...change }) => change);
    },
    async stop() {
      await client?.end().catch(() => undefined);
    },
  };
}

describe.each(DATABASE_KINDS)('the project of a deleted run in its change signal on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  const reader = kind === 'postgres' ? postgresReader() : sqliteReader();
  beforeAll(() => reader.start(testDb.db, testDb.url));
  afterAll(() => reader.stop());

  it('records the project of deleteRun and of every run of deleteRuns, and null for a run without one', async () => {
    const { db } = testDb;
    await reader.deletions(db);
    const alpha = await db.runs.createRun({ name: 'alpha run', projectId: 'alpha' });
    const beta = await db.runs.createRun({ name: 'beta run', projectId: 'beta' });
    const loose = await db.runs.createRun({ name: 'loose run' });
    const alpha2 = await db.runs.createRun({ name: 'alpha run 2', projectId: 'alpha' });
    await db.runs.deleteRun(alpha.id);
    expect(await db.runs.deleteRuns([beta.id, loose.id, alpha2.id])).toBe(3);
    const deletions = await reader.deletions(db);
    expect(deletions).toHaveLength(4);
    expect(deletions[0]).toEqual({ runId: alpha.id, kind: 'deleted', runName: 'alpha run', projectId: 'alpha' });
    expect(deletions.slice(1)).toEqual(
      expect.arrayContaining([
        { runId: beta.id, kind: 'deleted', runName: 'beta run', projectId: 'beta' },
        { runId: loose.id, kind: 'deleted', runName: 'loose run', projectId: null },
        { runId: alpha2.id, kind: 'deleted', runName: 'alpha run 2', projectId: 'alpha' },
      ]),
    );
  });

  it('carries the longest project id, with the longest name every character of which is escaped, whole', async () => {
    const { db } = testDb;
    await reader.deletions(db);
    const name = widest(255);
    const projectId = longestProject;
    expect(projectId).toHaveLength(128);
    const run = await db.runs.createRun({ name, projectId });
    expect((await db.runs.requireRun(run.id)).projectId).toBe(projectId);
    await db.runs.deleteRun(run.id);
    expect(await reader.deletions(db)).toEqual([{ runId: run.id, kind: 'deleted', runName: name, projectId }]);
  });

  if (kind === 'sqlite') {
    it('records other changes without a project (only deletions need one)', async () => {
      const { db } = testDb;
      const query = (sql: string, params: unknown[]) => db.dataSource.query(sql, params);
      const start = await latestRunChangeId(query);
      const run = await db.runs.createRun({ name: 'kept', projectId: 'alpha', status: 'running' });
      await db.runs.updateRun(run.id, { status: 'completed' });
      const rows = await readRunChangesSince(query, start);
      expect(rows.map((r) => r.kind)).toEqual(['created', 'updated']);
      for (const row of rows) expect(row).not.toHaveProperty('projectId');
    });
  }
});

describe('the run_changes project column migration on sqlite', () => {
  const testDb = useMigratedDatabase('sqlite');
  const columns = async (db: Database) => ((await db.dataSource.query(`PRAGMA table_info("run_changes")`)) as Array<{ name: string }>).map((c) => c.name);

  it('is removed by its revert, keeping the change rows, and added again', async () => {
    const { db } = testDb;
    const run = await db.runs.createRun({ name: 'before the revert', projectId: 'alpha' });
    await db.runs.deleteRun(run.id);
    const count = async () => Number((await db.dataSource.query(`SELECT COUNT(*) AS n FROM "run_changes"`))[0].n);
    const rows = await count();
    expect(await columns(db)).toContain('project_id');

    await undoMigrationsThrough(db.dataSource, 'ItemRunKey1802000000000'); // the migrations that came after
    expect(await columns(db)).toContain('project_id');
    await db.dataSource.undoLastMigration();
    expect(await columns(db)).not.toContain('project_id');
    expect(await count()).toBe(rows);

    await db.dataSource.runMigrations();
    expect(await columns(db)).toContain('project_id');
    expect(await count()).toBe(rows);
    const again = await db.runs.createRun({ name: 'after the reapply', projectId: 'beta' });
    const start = await latestRunChangeId((sql, params) => db.dataSource.query(sql, params));
    await db.runs.deleteRun(again.id);
    expect(await readRunChangesSince((sql, params) => db.dataSource.query(sql, params), start)).toEqual([
      expect.objectContaining({ runId: again.id, kind: 'deleted', projectId: 'beta' }),
    ]);
  });
});
