import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS, createDataSource, initializeDatabase } from '../src';
import { createTestDatabase, undoMigrationsThrough, type TestDatabase } from './databases';
import { pythonSqlite, pythonSqliteVersion, sqliteFile } from './python-sqlite';
import { sqliteColumnUpdateTriggers, TABLES } from '../src/migrations/1806000000000-run-integrity-rules';
import { SQLITE_PORTABLE_BAD_JSON } from '../src/migrations/1811000000000-sqlite-json-rules-older-tools';

// The integrity triggers once called json_valid(x, 9), which only SQLite 3.45+ knows: a tool on an older SQLite
// (Debian 12's 3.40, the system Python's sqlite3 module) could not update even a valid run or project. The rules
// themselves must still hold for that tool.

const MIGRATION = 'SqliteJsonRulesOlderTools1811000000000';
const OLD_RUN = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const COPY_RUN = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const TOO_NEW = /wrong number of arguments to function json_valid/;

/** Whether every INSERT, UPDATE and DELETE of every table compiles (with its triggers and CHECKs) for the tool. */
async function compileEveryTable(ds: DataSource): Promise<string[]> {
  const tables: Array<{ name: string }> = await ds.query(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite%' ORDER BY 1`);
  const statements: string[] = [];
  for (const { name } of tables) {
    const columns: Array<{ name: string }> = await ds.query(`PRAGMA table_info("${name}")`);
    statements.push(
      `EXPLAIN UPDATE "${name}" SET ${columns.map((c) => `"${c.name}" = "${c.name}"`).join(', ')}`,
      `EXPLAIN INSERT INTO "${name}" SELECT * FROM "${name}"`,
      `EXPLAIN DELETE FROM "${name}"`,
    );
  }
  return statements;
}

describe('SQLite integrity rules for tools on an SQLite older than 3.45', () => {
  let testDb: TestDatabase;
  let file: string;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    file = sqliteFile(testDb.url);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('runs on a system Python whose SQLite predates json_valid(x, flags)', () => {
    const [major, minor] = pythonSqliteVersion();
    expect(major).toBe(3);
    expect(minor).toBeGreaterThanOrEqual(38);
    expect(minor).toBeLessThan(45);
  });

  it('gives a database filled by the previous schema triggers such a tool can run: valid rows pass, invalid ones are refused', async () => {
    const { dataSource: template } = createDataSource({ url: testDb.url });
    const index = ALL_MIGRATIONS.findIndex((M) => new M().name === MIGRATION);
    expect(index).toBeGreaterThan(0);
    const previous = new DataSource({ ...template.options, entities: [], migrations: ALL_MIGRATIONS.slice(0, index) } as DataSourceOptions);
    await previous.initialize();
    try {
      await previous.runMigrations({ transaction: 'each' });
      await previous.query(`INSERT INTO "projects" ("id", "name", "settings") VALUES ('old', 'Old', '{"theme":"dark"}')`);
      await previous.query(
        `INSERT INTO "evaluation_runs" ("id", "run_key", "name", "status", "project_id", "created_at", "updated_at", "tags", "metrics_used", "config") ` +
          `VALUES ('${OLD_RUN}', 1, 'old', 'completed', 'old', '2026-01-01 10:00:00', '2026-01-01 10:00:00', jsonb('["a"]'), '["accuracy"]', '{"t":0}')`,
      );
    } finally {
      await previous.destroy();
    }
    // The defect: the previous schema's triggers do not even compile there.
    expect(pythonSqlite(file, [`UPDATE "evaluation_runs" SET "name" = "name" || '' WHERE "id" = '${OLD_RUN}'`]).errors[0]).toMatch(TOO_NEW);

    let db = await initializeDatabase({ url: testDb.url });
    const created = await db.runs.createRun({ name: 'stored', projectId: 'old', tags: ['x'], metricsUsed: ['m'], config: { k: [1, 2] } });
    const triggers: Array<{ sql: string }> = await db.dataSource.query(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE 'TRG_%_integrity_%'`);
    // An INSERT trigger per table, and an UPDATE trigger per column of its rules (1813000000000).
    expect(triggers.filter(({ sql }) => / BEFORE INSERT ON /.test(sql))).toHaveLength(2);
    const perColumn = TABLES.flatMap((table) => sqliteColumnUpdateTriggers(table, SQLITE_PORTABLE_BAD_JSON).map((t) => t.sql));
    expect(triggers.filter(({ sql }) => / BEFORE UPDATE OF "\w+" ON /.test(sql)).map(({ sql }) => sql).sort()).toEqual(perColumn.sort());
    expect(triggers.filter(({ sql }) => / BEFORE UPDATE ON /.test(sql))).toHaveLength(0);
    for (const { sql } of triggers) expect(sql).not.toMatch(/json_valid\([^()]*,/);
    const compile = await compileEveryTable(db.dataSource);
    const runColumns = ((await db.dataSource.query(`PRAGMA table_info("evaluation_runs")`)) as Array<{ name: string }>).map((c) => `"${c.name}"`);
    await db.close();

    expect(pythonSqlite(file, compile).errors.filter((e) => e !== null)).toEqual([]);
    const copied = runColumns.map((c) => (c === '"id"' ? `'${COPY_RUN}'` : c === '"run_key"' ? '(SELECT max("run_key") + 1 FROM "evaluation_runs")' : c));
    const valid = [
      `UPDATE "evaluation_runs" SET "name" = "name" || ' (renamed)' WHERE "id" = '${OLD_RUN}'`,
      `UPDATE "evaluation_runs" SET "config" = '{"a":1}', "tags" = '["b","c"]', "status" = 'cancelled' WHERE "id" = '${OLD_RUN}'`,
      `UPDATE "evaluation_runs" SET "name" = 'stored (renamed)' WHERE "id" = '${created.id}'`,
      // A copy of a run storage wrote (its JSON columns are JSONB blobs, which this SQLite cannot read).
      `INSERT INTO "evaluation_runs" (${runColumns.join(', ')}) SELECT ${copied.join(', ')} FROM "evaluation_runs" WHERE "id" = '${created.id}'`,
      `UPDATE "projects" SET "name" = 'Old (renamed)', "settings" = '{"theme":"light"}' WHERE "id" = 'old'`,
      `INSERT INTO "projects" ("id", "name", "settings") VALUES ('fresh', 'Fresh', '{}')`,
    ];
    expect(pythonSqlite(file, valid).errors).toEqual(valid.map(() => null));

    const invalid: Array<[string, RegExp]> = [
      [`UPDATE "evaluation_runs" SET "config" = 'not json' WHERE "id" = '${OLD_RUN}'`, /evaluation_runs\.config must be NULL or a JSON object/],
      [`UPDATE "evaluation_runs" SET "config" = '{broken' WHERE "id" = '${OLD_RUN}'`, /evaluation_runs\.config must be NULL or a JSON object/],
      [`UPDATE "evaluation_runs" SET "success_rate" = 1.5 WHERE "id" = '${OLD_RUN}'`, /CHK_runs_success_rate/],
      [`UPDATE "evaluation_runs" SET "tags" = '{"a":1}' WHERE "id" = '${created.id}'`, /evaluation_runs\.tags must be a JSON array/],
      [`UPDATE "evaluation_runs" SET "metrics_used" = x'FFFF' WHERE "id" = '${created.id}'`, /evaluation_runs\.metrics_used must be a JSON array/],
      [`UPDATE "evaluation_runs" SET "total_items" = 'five' WHERE "id" = '${OLD_RUN}'`, /evaluation_runs\.total_items must be a whole number/],
      [`UPDATE "projects" SET "settings" = '[]' WHERE "id" = 'old'`, /projects\.settings must be NULL or a JSON object/],
      [`INSERT INTO "projects" ("id", "name") VALUES ('Bad Project!', 'Bad')`, /projects\.id must be a slug/],
    ];
    const refused = pythonSqlite(file, invalid.map(([sql]) => sql)).errors;
    invalid.forEach(([sql, message], i) => expect({ sql, error: refused[i] }).toEqual({ sql, error: expect.stringMatching(message) }));

    // Storage reads what the tool wrote.
    db = await initializeDatabase({ url: testDb.url });
    try {
      expect(await db.runs.getRun(OLD_RUN)).toMatchObject({ name: 'old (renamed)', config: { a: 1 }, tags: ['b', 'c'], status: 'cancelled' });
      expect(await db.runs.getRun(COPY_RUN)).toMatchObject({ name: 'stored (renamed)', tags: ['x'], metricsUsed: ['m'], config: { k: [1, 2] } });

      // Reverted, the previous triggers are back (and with them the defect); migrated again, gone.
      await undoMigrationsThrough(db.dataSource, MIGRATION);
      const restored: Array<{ sql: string }> = await db.dataSource.query(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE 'TRG_%_integrity_%'`);
      expect(restored.map((t) => /json_valid\(NEW\."\w+", 9\)/.test(t.sql))).toEqual([true, true, true, true]);
      await db.close();
      expect(pythonSqlite(file, [`UPDATE "projects" SET "name" = 'Old' WHERE "id" = 'old'`]).errors[0]).toMatch(TOO_NEW);
      db = await initializeDatabase({ url: testDb.url });
      await db.close();
      expect(pythonSqlite(file, [`UPDATE "projects" SET "name" = 'Old' WHERE "id" = 'old'`]).errors).toEqual([null]);
    } finally {
      await db.close().catch(() => undefined);
    }
  });
});
