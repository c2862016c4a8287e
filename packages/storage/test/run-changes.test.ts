import { randomUUID } from 'node:crypto';
import { Client, type Notification } from 'pg';
import {
  latestRunChangeId,
  parseRunChangePayload,
  readRunChangesSince,
  readRunSnapshots,
  readRunningRunSnapshots,
  RUN_CHANGES_CHANNEL,
  RUN_CHANGES_RETENTION_MS,
  dialectOf,
  type Database,
  type RunChange,
  type ItemInput,
} from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// Every committed write to a run signals the change to readers in other processes (the API server's live events):
// PostgreSQL by NOTIFY inside the write's transaction, SQLite by a row in run_changes. A rolled-back write signals
// nothing.

const items = (from: number, count: number): ItemInput[] =>
  Array.from({ length: count }, (_, k) => ({ itemId: `i${from + k}`, status: (from + k) % 4 === 0 ? 'failed' : 'completed', scores: { s: 1 } }));

/** Collects the change signals committed while `work` runs, in commit order. */
interface ChangeReader {
  start(): Promise<void>;
  /** Signals committed since the last call (waits for a marker write, so every earlier commit has been delivered). */
  read(db: Database): Promise<RunChange[]>;
  stop(): Promise<void>;
}

function sqliteReader(): ChangeReader {
  let after = 0;
  let db: Database | undefined;
  return {
    async start() {},
    async read(database) {
      db = database;
      const changes = await readRunChangesSince((sql, params) => db!.dataSource.query(sql, params), after);
      after = changes.at(-1)?.id ?? after;
      // Deletion snapshots are tested in run-change-snapshot.test.ts.
      return changes.map(({ id: _id, snapshot: _s, ...change }) => change);
    },
    async stop() {},
  };
}

function postgresReader(url: () => string): ChangeReader {
  let client: Client | undefined;
  const received: RunChange[] = [];
  return {
    async start() {
      client = new Client({ connectionString: url() });
      // The database is dropped (WITH FORCE) when the file ends, possibly before stop(): that is not a failure.
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n: Notification) => {
        if (n.channel === RUN_CHANGES_CHANNEL && n.payload) received.push(parseRunChangePayload(n.payload)!);
      });
      await client.query(`LISTEN ${RUN_CHANGES_CHANNEL}`);
    },
    async read(db) {
      // A marker notification sent after the writes: once it arrives, every earlier commit's notifications have too.
      const marker = randomUUID();
      await db.dataSource.query(`SELECT pg_notify($1, $2)`, [RUN_CHANGES_CHANNEL, JSON.stringify({ runId: marker, kind: 'updated' })]);
      for (let i = 0; i < 200 && !received.some((c) => c.runId === marker); i++) await new Promise((r) => setTimeout(r, 10));
      const upTo = received.findIndex((c) => c.runId === marker);
      expect(upTo).toBeGreaterThanOrEqual(0);
      return received
        .splice(0, upTo + 1)
        .slice(0, upTo)
        .map(({ snapshot: _s, ...change }) => change);
    },
    async stop() {
      await client?.end().catch(() => undefined);
    },
  };
}

describe.each(DATABASE_KINDS)('run change signals on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  const reader = kind === 'postgres' ? postgresReader(() => testDb.url) : sqliteReader();
  beforeAll(() => reader.start());
  afterAll(() => reader.stop());

  it('signals each committed write: created, items, updated (metrics and status), deleted with the name', async () => {
    const { db } = testDb;
    await reader.read(db);
    const run = await db.runs.createRun({ name: 'signalled run', status: 'running' });
    await db.runs.addItems(run.id, items(0, 20));
    await db.runs.computeRunMetrics(run.id);
    await db.runs.updateRun(run.id, { status: 'completed' });
    await db.runs.heartbeat(run.id); // not a change readers need: no signal
    await db.runs.deleteRun(run.id);
    expect(await reader.read(db)).toEqual([
      { runId: run.id, kind: 'created' },
      { runId: run.id, kind: 'items' },
      { runId: run.id, kind: 'updated' },
      { runId: run.id, kind: 'updated' },
      { runId: run.id, kind: 'deleted', runName: 'signalled run', projectId: null },
    ]);
  });

  it('signals an import as created, and every run of deleteRuns as deleted with its name', async () => {
    const { db } = testDb;
    await reader.read(db);
    const imported = await db.runs.importRun({ name: 'imported 🚀', status: 'completed' }, items(0, 5));
    const other = await db.runs.createRun({ name: "x'); DROP TABLE run_changes; --" });
    expect(await db.runs.deleteRuns([imported.id, other.id])).toBe(2);
    const changes = await reader.read(db);
    expect(changes.slice(0, 2)).toEqual([
      { runId: imported.id, kind: 'created' },
      { runId: other.id, kind: 'created' },
    ]);
    expect(changes.slice(2)).toEqual(
      expect.arrayContaining([
        { runId: imported.id, kind: 'deleted', runName: 'imported 🚀', projectId: null },
        { runId: other.id, kind: 'deleted', runName: "x'); DROP TABLE run_changes; --", projectId: null },
      ]),
    );
    expect(changes).toHaveLength(4);
  });

  it('signals nothing for a write that rolled back', async () => {
    const { db } = testDb;
    await reader.read(db);
    const id = randomUUID();
    // An import lands whole or not at all: a duplicate item id fails it after the run row was inserted.
    await expect(db.runs.importRun({ id, name: 'rolled back' }, [...items(0, 3), { itemId: 'i1' }])).rejects.toThrow();
    expect(await db.runs.getRun(id)).toBeNull();
    const run = await db.runs.createRun({ name: 'after the rollback', status: 'running' });
    // A batch whose every item is refused stores nothing and signals nothing.
    await db.runs.addItems(run.id, items(0, 2));
    await expect(db.runs.addItems(run.id, items(0, 2))).rejects.toThrow();
    expect(await reader.read(db)).toEqual([
      { runId: run.id, kind: 'created' },
      { runId: run.id, kind: 'items' },
    ]);
  });

  it('moves a running run’s updated_at when items are stored', async () => {
    const { db } = testDb;
    const run = await db.runs.createRun({ name: 'live', status: 'running' });
    const before = (await db.runs.requireRun(run.id)).updatedAt.getTime();
    await new Promise((r) => setTimeout(r, 15));
    await db.runs.addItems(run.id, items(0, 3));
    const after = await db.runs.requireRun(run.id);
    expect(after.updatedAt.getTime()).toBeGreaterThan(before);
    expect(after.totalItems).toBe(3);
  });

  it('reads runs back as snapshots for live events', async () => {
    const { db } = testDb;
    const run = await db.runs.createRun({ name: 'snap', status: 'running', modelName: 'm' });
    await db.runs.addItems(run.id, items(0, 8));
    const [snapshot] = await readRunSnapshots((sql, params) => db.dataSource.query(sql, params), dialectOf(db.dataSource), [run.id, randomUUID()]);
    expect(snapshot).toMatchObject({ id: run.id, name: 'snap', status: 'running', modelName: 'm', totalItems: 8, successfulItems: 6, failedItems: 2 });
    expect(snapshot!.createdAt).toBeInstanceOf(Date);

    // A resynchronising reader: every running run, and every run written since a time.
    const query = (sql: string, params: unknown[]) => db.dataSource.query(sql, params);
    const since = new Date(Date.now() - 1000);
    const done = await db.runs.createRun({ name: 'done just now', status: 'completed' });
    const running = (await readRunningRunSnapshots(query, dialectOf(db.dataSource))).map((r) => r.id);
    expect(running).toContain(run.id);
    expect(running).not.toContain(done.id);
    const changed = (await readRunningRunSnapshots(query, dialectOf(db.dataSource), { changedSince: since })).map((r) => r.id);
    expect(changed).toEqual(expect.arrayContaining([run.id, done.id]));
    const later = (await readRunningRunSnapshots(query, dialectOf(db.dataSource), { changedSince: new Date(Date.now() + 60_000) })).map((r) => r.id);
    expect(later).not.toContain(done.id);
  });

  if (kind === 'sqlite') {
    it('keeps SQLite change rows in commit order, and prunes rows older than a day when a run is created', async () => {
      const { db } = testDb;
      const query = (sql: string, params: unknown[]) => db.dataSource.query(sql, params);
      const start = await latestRunChangeId(query);
      await db.dataSource.query(`INSERT INTO "run_changes" ("run_id", "kind", "changed_at") VALUES (?, 'items', ?)`, [
        randomUUID(),
        Date.now() - RUN_CHANGES_RETENTION_MS - 60_000,
      ]);
      const old = await latestRunChangeId(query);
      expect(old).toBeGreaterThan(start);
      const run = await db.runs.createRun({ name: 'pruner' });
      const rows = await readRunChangesSince(query, start);
      expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
      expect(rows.find((r) => r.id === old)).toBeUndefined();
      expect(rows.at(-1)).toMatchObject({ runId: run.id, kind: 'created' });
      expect(rows.at(-1)!.id).toBeGreaterThan(old);
    });
  }
});
