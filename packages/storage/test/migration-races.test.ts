import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS, createDataSource, initializeDatabase, type Database } from '../src';
import { createTestDatabase, DATABASE_KINDS, schemaDiff, type TestDatabase } from './databases';

// Openers are separate Node processes (a process is what gets killed, and what races), so they load the built package.
const DIST = path.join(__dirname, '..', 'dist', 'index.js');
const OPENER = path.join(__dirname, 'fixtures', 'migrating-opener.mjs');

const MIGRATION_NAMES = ALL_MIGRATIONS.map((M) => new M().name!);
const ITEM_RUN_KEY = 'ItemRunKey1802000000000';
/** Position of the item run key migration: the databases here are left just before it. */
const ITEM_RUN_KEY_INDEX = MIGRATION_NAMES.indexOf(ITEM_RUN_KEY);

/** Runs of the previous schema, in the order they were created (which is the order they get their keys in). */
const OLD_RUNS = [
  { id: '4e1a2b3c-5d6e-4f70-8a9b-0c1d2e3f4a5b', name: 'old a', createdAt: '2026-01-01 10:00:00' },
  { id: '5f2b3c4d-6e7f-4a81-9b0c-1d2e3f4a5b6c', name: 'old b', createdAt: '2026-01-02 10:00:00' },
  { id: '6a3c4d5e-7f8a-4b92-8c1d-2e3f4a5b6c7d', name: 'old c', createdAt: '2026-01-03 10:00:00' },
] as const;
/** Enough items that copying or moving them takes a noticeable time, so a kill or a second opener lands mid-migration. */
const ITEMS_PER_OLD_RUN = 10_000;
/** Rows per INSERT while filling the previous schema: 500 rows of 5 parameters stay well under both databases' limits. */
const INSERT_CHUNK = 500;
const ITEM_STATUSES = ['completed', 'failed', 'skipped', 'pending'] as const;

const OPENERS = 3;
const OPENER_ITEMS = 200;
const OPENER_BATCH = 100;
/** Generous: loading the package, or a migration of 30,000 items on a slow machine, must never fail a test by itself. */
const OPENER_WAIT_MS = 60_000;
/** How long a killed process's PostgreSQL sessions may take to end before the test says so. */
const SESSION_END_WAIT_MS = 30_000;

/** One item as stored, named by its run's id however the items table refers to the run. */
interface StoredItem {
  run: string;
  itemId: string;
  sequence: number;
  status: string;
  scores: string;
}

/** What a normal-mode opener prints once it has closed the database. */
interface OpenerReport {
  child: string;
  runId: string;
  items: Array<{ itemId: string; status: string; scores: Record<string, number> }>;
  oldRun: { runId: string; item: { itemId: string; status: string; scores: Record<string, number> } };
  appliedItemRunKey: boolean;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Opener {
  child: ChildProcessWithoutNullStreams;
  /** Resolves once the child has printed `line`; rejects with its output if it exits first or takes longer than `ms`. */
  waitForLine(line: string, ms: number): Promise<void>;
  /** Resolves when the child has exited and its output is complete. */
  closed: Promise<Exit>;
}

/** The file of a `sqlite:///absolute/path` URL (what createTestDatabase makes). */
const sqlitePath = (url: string) => url.replace(/^sqlite:\/\//, '');

const running = new Set<ChildProcessWithoutNullStreams>();

function startOpener(url: string, args: string[]): Opener {
  const child = spawn(process.execPath, [OPENER, DIST, url, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  let exit: Exit | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // A child that died early makes closing its stdin fail with EPIPE; its exit code and stderr tell what happened.
  child.stdin.on('error', () => undefined);
  const closed = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running.delete(child);
      exit = { code, signal, stdout, stderr };
      resolve(exit);
    });
  });
  const waitForLine = (line: string, ms: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!stdout.split('\n').includes(line)) return;
        stop();
        resolve();
      };
      const fail = (why: string) => {
        stop();
        reject(new Error(`The opener (${args.join(' ')}) ${why}.\nstderr: ${stderr || '(empty)'}\nstdout: ${stdout || '(empty)'}`));
      };
      const onClose = (code: number | null, signal: string | null) => fail(`exited (code ${code}, signal ${signal}) before printing "${line}"`);
      const timer = setTimeout(() => fail(`did not print "${line}" within ${ms / 1000} s`), ms);
      function stop() {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.off('close', onClose);
      }
      child.stdout.on('data', check);
      child.once('close', onClose);
      check();
      if (exit) onClose(exit.code, exit.signal);
    });
  return { child, waitForLine, closed };
}

/** SIGKILLs every opener a failed test left behind, so none outlives the test holding a lock. */
async function killLeftoverOpeners(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

describe.each(DATABASE_KINDS)('openers racing to upgrade a previous-schema %s database', (kind) => {
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  /** `(…), (…)` placeholders for a multi-row INSERT of `rows` rows of `columns` values. */
  const valuesList = (rows: number, columns: number) =>
    Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => p(r * columns + c + 1)).join(', ')})`).join(', ');

  let testDb: TestDatabase | undefined;
  beforeAll(() => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build @llm-eval/storage first (pnpm --filter @llm-eval/storage run build).`);
    expect(ITEM_RUN_KEY_INDEX).toBeGreaterThan(0);
  });
  beforeEach(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await killLeftoverOpeners();
    await testDb?.drop();
  });

  /**
   * A DataSource without entities, for raw SQL on whatever schema the database has; it knows the migrations before the
   * item run key migration only.
   */
  async function withPlainDataSource<T>(url: string, work: (ds: DataSource) => Promise<T>): Promise<T> {
    const { dataSource: template } = createDataSource({ url });
    const ds = new DataSource({ ...template.options, entities: [], migrations: ALL_MIGRATIONS.slice(0, ITEM_RUN_KEY_INDEX) } as DataSourceOptions);
    await ds.initialize();
    try {
      return await work(ds);
    } finally {
      await ds.destroy();
    }
  }

  /** Every item, oldest first, read through the runs table whichever way the items name their run. */
  async function storedItems(ds: DataSource, runColumn: 'run_id' | 'run_key'): Promise<StoredItem[]> {
    const join = runColumn === 'run_id' ? `"r"."id" = "i"."run_id"` : `"r"."run_key" = "i"."run_key"`;
    const rows: Array<Record<string, unknown>> = await ds.query(
      `SELECT "r"."id" AS "run", "i"."item_id", "i"."sequence_number", "i"."status", "i"."scores" FROM "evaluation_items" "i" ` +
        `JOIN "evaluation_runs" "r" ON ${join} ORDER BY "i"."id"`,
    );
    return rows.map((r) => ({
      run: String(r.run),
      itemId: String(r.item_id),
      sequence: Number(r.sequence_number),
      status: String(r.status),
      // SQLite keeps scores as text, PostgreSQL as jsonb (parsed by the driver).
      scores: JSON.stringify(typeof r.scores === 'string' ? JSON.parse(r.scores) : r.scores),
    }));
  }

  /** Applies the migrations before the item run key, stores the old runs and their items; returns the items as stored. */
  async function createPreviousSchemaDatabase(url: string): Promise<StoredItem[]> {
    return withPlainDataSource(url, async (ds) => {
      await ds.runMigrations({ transaction: 'each' });
      await ds.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO "evaluation_runs" ("id", "name", "status", "created_at") VALUES ${valuesList(OLD_RUNS.length, 4)}`,
          OLD_RUNS.flatMap((run) => [run.id, run.name, 'completed', run.createdAt]),
        );
        // The runs' items interleaved, as concurrent runs write them: the copy cannot rely on items grouped by run.
        const items = Array.from({ length: ITEMS_PER_OLD_RUN }, (_, i) =>
          OLD_RUNS.map((run, r) => [run.id, `r${r}-item-${i}`, i, ITEM_STATUSES[(i + r) % ITEM_STATUSES.length], JSON.stringify({ m: ((i + r) % 5) / 4 })]),
        ).flat();
        for (let start = 0; start < items.length; start += INSERT_CHUNK) {
          const chunk = items.slice(start, start + INSERT_CHUNK);
          await manager.query(
            `INSERT INTO "evaluation_items" ("run_id", "item_id", "sequence_number", "status", "scores") VALUES ${valuesList(chunk.length, 5)}`,
            chunk.flat(),
          );
        }
      });
      const stored = await storedItems(ds, 'run_id');
      expect(stored).toHaveLength(OLD_RUNS.length * ITEMS_PER_OLD_RUN);
      return stored;
    });
  }

  /** Names in the migrations table, oldest first (a name twice would mean a migration was applied twice). */
  async function appliedMigrations(ds: DataSource): Promise<string[]> {
    return (await ds.query(`SELECT "name" FROM "llm_eval_migrations" ORDER BY "timestamp", "id"`)).map((r: { name: string }) => r.name);
  }

  /** Whatever the item run key migration creates: a killed migration must have left none of it behind. */
  async function itemRunKeyTraces(ds: DataSource): Promise<string[]> {
    const sql =
      kind === 'postgres'
        ? `SELECT "table_name" || '.' || "column_name" AS "trace" FROM "information_schema"."columns" WHERE "table_schema" = current_schema() AND "column_name" = 'run_key' ` +
          `UNION ALL SELECT "table_name"::text FROM "information_schema"."tables" WHERE "table_schema" = current_schema() AND "table_name" = 'temporary_evaluation_items' ` +
          `UNION ALL SELECT "relname"::text FROM "pg_class" WHERE "relkind" = 'S' AND "relname" = 'evaluation_runs_run_key_seq'`
        : `SELECT 'evaluation_runs.' || "name" AS "trace" FROM pragma_table_info('evaluation_runs') WHERE "name" = 'run_key' ` +
          `UNION ALL SELECT 'evaluation_items.' || "name" FROM pragma_table_info('evaluation_items') WHERE "name" = 'run_key' ` +
          `UNION ALL SELECT "name" FROM "sqlite_master" WHERE "name" IN ('temporary_evaluation_items', 'UQ_runs_run_key')`;
    return (await ds.query(sql)).map((r: { trace: string }) => r.trace);
  }

  /**
   * Waits until the killed process's PostgreSQL sessions have ended: the server notices the closed sockets, rolls the
   * migration's transaction back and releases the advisory lock, which takes a moment. What is inspected afterwards is
   * then what the rollback left, and a session that never ends fails here, naming it, instead of hanging the test.
   */
  async function waitForOtherSessionsToEnd(ds: DataSource): Promise<void> {
    const deadline = Date.now() + SESSION_END_WAIT_MS;
    for (;;) {
      const others = await ds.query(
        `SELECT "pid", "state", "query" FROM "pg_stat_activity" WHERE "datname" = current_database() AND "backend_type" = 'client backend' AND "pid" <> pg_backend_pid()`,
      );
      if (others.length === 0) return;
      if (Date.now() > deadline) throw new Error(`The killed opener's sessions did not end within ${SESSION_END_WAIT_MS / 1000} s: ${JSON.stringify(others)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The upgrade is complete: the schema is what the entities say, and every migration is recorded, once. */
  async function expectCurrentSchema(db: Database): Promise<void> {
    expect(await schemaDiff(db.dataSource)).toEqual([]);
    expect(await appliedMigrations(db.dataSource)).toEqual(MIGRATION_NAMES);
  }

  /** Each run's key, by run id. */
  async function runKeys(db: Database): Promise<Map<string, number>> {
    const rows: Array<{ id: string; run_key: unknown }> = await db.dataSource.query(`SELECT "id", "run_key" FROM "evaluation_runs"`);
    return new Map(rows.map((r) => [r.id, Number(r.run_key)]));
  }

  it('rolls a migration killed with SIGKILL back completely, and the next opener completes it', async () => {
    const url = testDb!.url;
    const before = await createPreviousSchemaDatabase(url);

    const opener = startOpener(url, ['hang']);
    await opener.waitForLine('mid-migration', OPENER_WAIT_MS);
    opener.child.kill('SIGKILL');
    expect((await opener.closed).signal).toBe('SIGKILL');

    // The fixture shrinks SQLite's page cache so that the copy spills into the WAL: the kill leaves uncommitted pages
    // on disk, which is what the next opener must not take for data (without them this test would prove little).
    if (kind === 'sqlite') expect(statSync(`${sqlitePath(url)}-wal`).size).toBeGreaterThan(0);

    // Still the previous schema, holding exactly what it held: no half-copied or half-moved items.
    await withPlainDataSource(url, async (ds) => {
      if (kind === 'postgres') await waitForOtherSessionsToEnd(ds);
      else expect(await ds.query(`PRAGMA integrity_check`)).toEqual([{ integrity_check: 'ok' }]);
      expect(await appliedMigrations(ds)).toEqual(MIGRATION_NAMES.slice(0, ITEM_RUN_KEY_INDEX));
      expect(await itemRunKeyTraces(ds)).toEqual([]);
      expect(await storedItems(ds, 'run_id')).toEqual(before);
    });

    const db = await initializeDatabase({ url });
    try {
      await expectCurrentSchema(db);
      expect(await storedItems(db.dataSource, 'run_key')).toEqual(before);
      const keys = await runKeys(db);
      expect(OLD_RUNS.map((run) => keys.get(run.id))).toEqual([1, 2, 3]);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('lets several processes upgrade it at once: each migration is applied once and every item stays on its run', async () => {
    const url = testDb!.url;
    const before = await createPreviousSchemaDatabase(url);
    const oldRun = OLD_RUNS[0].id;

    const openers = Array.from({ length: OPENERS }, (_, child) =>
      startOpener(url, ['open', String(child), oldRun, String(OPENER_ITEMS), String(OPENER_BATCH)]),
    );
    // Each child loads the package first and then waits: closing their stdin lets all of them open at the same moment.
    await Promise.all(openers.map((opener) => opener.waitForLine('ready', OPENER_WAIT_MS)));
    for (const opener of openers) opener.child.stdin.end();
    const exits = await Promise.all(openers.map((opener) => opener.closed));
    for (const exit of exits) expect({ code: exit.code, signal: exit.signal, stderr: exit.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const reports = exits.map((exit) => JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as OpenerReport);
    // Exactly one of them ran the migration; the others found it applied once they got the lock.
    expect(reports.filter((report) => report.appliedItemRunKey)).toHaveLength(1);

    // Without migrating: the openers must have left the schema current.
    const db = await initializeDatabase({ url, migrate: false });
    try {
      await expectCurrentSchema(db);
      const after = await storedItems(db.dataSource, 'run_key');
      // The old items first (ids are never reused), on their runs, unchanged; then what the openers added.
      expect(after.slice(0, before.length)).toEqual(before);
      const added = after.slice(before.length);
      const byItemId = (a: { itemId: string }, b: { itemId: string }) => a.itemId.localeCompare(b.itemId);
      // A new run's items are numbered from 0 in the order they were added.
      const expectedInNewRuns = reports.flatMap((report) =>
        report.items.map((item, sequence) => ({ run: report.runId, itemId: item.itemId, sequence, status: item.status, scores: JSON.stringify(item.scores) })),
      );
      expect(added.filter((item) => item.run !== oldRun).sort(byItemId)).toEqual(expectedInNewRuns.sort(byItemId));
      // The old run's late items: which opener came first is up to the race, but they take the next numbers, one each.
      const late = added.filter((item) => item.run === oldRun);
      expect(late.map(({ sequence: _, ...item }) => item).sort(byItemId)).toEqual(
        reports.map((report) => ({ run: oldRun, itemId: report.oldRun.item.itemId, status: report.oldRun.item.status, scores: JSON.stringify(report.oldRun.item.scores) })).sort(byItemId),
      );
      expect(late.map((item) => item.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: OPENERS }, (_, i) => ITEMS_PER_OLD_RUN + i));

      for (const report of reports) {
        const page = await db.runs.listItems(report.runId, { limit: OPENER_ITEMS + 1 });
        expect({ total: page.total, itemIds: page.items.map((item) => item.itemId) }).toEqual({ total: OPENER_ITEMS, itemIds: report.items.map((item) => item.itemId) });
      }
      expect((await db.runs.listItems(oldRun, { limit: 1 })).total).toBe(ITEMS_PER_OLD_RUN + OPENERS);

      // Old runs keep the keys of their creation order; every new run got a key of its own, above theirs.
      const keys = await runKeys(db);
      expect(OLD_RUNS.map((run) => keys.get(run.id))).toEqual([1, 2, 3]);
      const newKeys = reports.map((report) => keys.get(report.runId)!);
      expect(new Set(newKeys).size).toBe(OPENERS);
      for (const key of newKeys) expect(key).toBeGreaterThan(OLD_RUNS.length);
    } finally {
      await db.close();
    }
  }, 120_000);
});
