import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS, createDataSource, initializeDatabase, type Database } from '../src';
import { createTestDatabase, undoMigrationsThrough, type TestDatabase } from './databases';
import { pythonSqlite, sqliteFile } from './python-sqlite';

// SQLite compares run dates as text. A date stored "YYYY-MM-DD HH:MM:SS" (the column default's form, another tool's)
// sorted before the same instant with ".000", the form of every bound storage passes: paging runs by created_at with
// a small limit skipped runs ascending and returned the same two runs forever descending. Migration 1812000000000
// stores every run date with its milliseconds, rewriting old rows and, by trigger, each later write.

const MIGRATION = 'SqliteRunDatesMilliseconds1812000000000';
const DATES = ['created_at', 'updated_at', 'started_at', 'completed_at', 'heartbeat_at'] as const;
const OLD_RUN = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A raw INSERT of a run, as another tool writes one; the columns not given take their defaults. */
function insertRun(id: string, name: string, dates: Partial<Record<(typeof DATES)[number], string>>): string {
  const columns = ['id', 'run_key', 'name', 'status', 'tags', 'metrics_used', ...Object.keys(dates)];
  const values = [`'${id}'`, `(SELECT coalesce(max("run_key"), 0) + 1 FROM "evaluation_runs")`, `'${name}'`, `'completed'`, `'[]'`, `'[]'`];
  values.push(...Object.values(dates).map((d) => `'${d}'`));
  return `INSERT INTO "evaluation_runs" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${values.join(', ')})`;
}

const datesOf = async (db: Database, id: string) =>
  ((await db.dataSource.query(`SELECT ${DATES.map((c) => `"${c}"`).join(', ')} FROM "evaluation_runs" WHERE "id" = ?`, [id])) as Array<Record<string, string | null>>)[0];

/** Every page of listRuns by created_at with `limit`, at most `runs + 2` pages (a loop shows as repeats). */
async function pageNames(db: Database, direction: 'asc' | 'desc', limit: number, runs: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < runs + 2; i++) {
    const page = await db.runs.listRuns({ sort: 'createdAt', direction, limit, ...(cursor ? { cursor } : {}) });
    seen.push(...page.runs.map((r) => r.name));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return seen;
}

describe('SQLite run dates stored with milliseconds', () => {
  let testDb: TestDatabase;
  let file: string;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    file = sqliteFile(testDb.url);
    // A database at the previous schema, holding a run another tool wrote without milliseconds.
    const { dataSource: template } = createDataSource({ url: testDb.url });
    const index = ALL_MIGRATIONS.findIndex((M) => new M().name === MIGRATION);
    expect(index).toBeGreaterThan(0);
    const previous = new DataSource({ ...template.options, entities: [], migrations: ALL_MIGRATIONS.slice(0, index) } as DataSourceOptions);
    await previous.initialize();
    try {
      await previous.runMigrations({ transaction: 'each' });
      await previous.query(
        insertRun(OLD_RUN, 'old', {
          created_at: '2026-03-29 00:00:00',
          updated_at: '2026-03-29 00:00:05',
          started_at: '2026-03-29 00:00:01',
          completed_at: '2026-03-29 00:00:04.250',
          heartbeat_at: '2026-03-29 00:00:03',
        }),
      );
    } finally {
      await previous.destroy();
    }
    db = await initializeDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('rewrites the dates of runs stored before, leaving those with milliseconds as they were', async () => {
    expect(await datesOf(db, OLD_RUN)).toEqual({
      created_at: '2026-03-29 00:00:00.000',
      updated_at: '2026-03-29 00:00:05.000',
      started_at: '2026-03-29 00:00:01.000',
      completed_at: '2026-03-29 00:00:04.250',
      heartbeat_at: '2026-03-29 00:00:03.000',
    });
  });

  it('stores the milliseconds of a run another tool inserts or updates without them, or that takes the default', async () => {
    const id = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
    await db.dataSource.query(insertRun(id, 'raw', { started_at: '2026-03-30 10:00:00', heartbeat_at: '2026-03-30 10:00:00.120' }));
    const inserted = await datesOf(db, id);
    expect(inserted).toMatchObject({ started_at: '2026-03-30 10:00:00.000', heartbeat_at: '2026-03-30 10:00:00.120', completed_at: null });
    // created_at and updated_at took datetime('now'), which has no milliseconds.
    expect(inserted!.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000$/);
    expect(inserted!.updated_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000$/);

    await db.dataSource.query(`UPDATE "evaluation_runs" SET "heartbeat_at" = '2026-03-30 10:05:00', "completed_at" = '2026-03-30 10:06:00' WHERE "id" = ?`, [id]);
    expect(await datesOf(db, id)).toMatchObject({ started_at: '2026-03-30 10:00:00.000', heartbeat_at: '2026-03-30 10:05:00.000', completed_at: '2026-03-30 10:06:00.000' });
  });

  it('rewrites in one step even with recursive triggers on, and the integrity rules still refuse a bad date', async () => {
    // Off by default: the triggers' own UPDATE does not fire them again.
    expect(await db.dataSource.query('PRAGMA recursive_triggers')).toEqual([{ recursive_triggers: 0 }]);
    await db.dataSource.query('PRAGMA recursive_triggers = ON');
    try {
      await db.dataSource.query(`UPDATE "evaluation_runs" SET "created_at" = '2026-03-28 12:00:00' WHERE "id" = ?`, [OLD_RUN]);
    } finally {
      await db.dataSource.query('PRAGMA recursive_triggers = OFF');
    }
    expect((await datesOf(db, OLD_RUN))!.created_at).toBe('2026-03-28 12:00:00.000');
    await db.dataSource.query(`UPDATE "evaluation_runs" SET "created_at" = '2026-03-29 00:00:00' WHERE "id" = ?`, [OLD_RUN]);
    expect((await datesOf(db, OLD_RUN))!.created_at).toBe('2026-03-29 00:00:00.000');
    await expect(db.dataSource.query(`UPDATE "evaluation_runs" SET "created_at" = '2026-02-30 00:00:00' WHERE "id" = ?`, [OLD_RUN])).rejects.toThrow(
      /evaluation_runs\.created_at must be a UTC date/,
    );
  });

  it('lets a tool on SQLite 3.40 (the system Python) write runs, whose dates get their milliseconds', async () => {
    const id = '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a';
    expect(
      pythonSqlite(file, [
        insertRun(id, 'python', { created_at: '2026-03-29 00:00:00', completed_at: '2026-03-29 00:00:02' }),
        `UPDATE "evaluation_runs" SET "started_at" = '2026-03-29 00:00:01' WHERE "id" = '${id}'`,
      ]).errors,
    ).toEqual([null, null]);
    expect(await datesOf(db, id)).toMatchObject({ created_at: '2026-03-29 00:00:00.000', started_at: '2026-03-29 00:00:01.000', completed_at: '2026-03-29 00:00:02.000' });
  });

  it('pages runs by created_at in either direction, each run once and in order', async () => {
    await db.dataSource.query('DELETE FROM "evaluation_runs"');
    const stored: Array<[string, string]> = [
      ['a', '2026-03-29 00:00:00'],
      ['b', '2026-03-29 00:00:00'],
      ['c', '2026-03-29 00:00:00.000'],
      ['d', '2026-03-29 00:00:00'],
      ['before', '2026-03-28 23:59:59'],
      ['half', '2026-03-29 00:00:00.500'],
      ['after', '2026-03-29 00:00:01'],
    ];
    const ids: Record<string, string> = {};
    for (const [name, at] of stored) {
      const run = await db.runs.createRun({ name });
      ids[name] = run.id;
      await db.dataSource.query('UPDATE "evaluation_runs" SET "created_at" = ? WHERE "id" = ?', [at, run.id]);
    }
    // Runs of one instant come in id order.
    const midnight = ['a', 'b', 'c', 'd'].sort((x, y) => (ids[x]! < ids[y]! ? -1 : 1));
    const ascending = ['before', ...midnight, 'half', 'after'];
    for (const limit of [1, 2]) {
      expect({ limit, names: await pageNames(db, 'asc', limit, stored.length) }).toEqual({ limit, names: ascending });
      expect({ limit, names: await pageNames(db, 'desc', limit, stored.length) }).toEqual({ limit, names: [...ascending].reverse() });
    }
  });

  it('drops its triggers when reverted, and brings them back when migrated again', async () => {
    const triggers = async () =>
      ((await db.dataSource.query(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE 'TRG_evaluation_runs_dates_%' ORDER BY 1`)) as Array<{
        name: string;
      }>).map((t) => t.name);
    expect(await triggers()).toEqual(['TRG_evaluation_runs_dates_ms_insert', 'TRG_evaluation_runs_dates_ms_update']);
    await undoMigrationsThrough(db.dataSource, MIGRATION);
    expect(await triggers()).toEqual([]);
    await db.close();
    db = await initializeDatabase({ url: testDb.url });
    expect(await triggers()).toEqual(['TRG_evaluation_runs_dates_ms_insert', 'TRG_evaluation_runs_dates_ms_update']);
  });
});
