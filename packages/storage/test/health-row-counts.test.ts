import { checkHealth, MIGRATIONS_TABLE } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

/** Tables the health report does not count, and why: see TABLES in check-health.ts. */
const NOT_COUNTED = new Set([MIGRATIONS_TABLE, 'audit_prune_guard', 'run_changes']);

describe.each(DATABASE_KINDS)('checkHealth row counts on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('counts the rows of every table of the schema (tokens, audit log, retention, comparison chunks included)', async () => {
    const { db } = testDb;
    await db.tokens.create({ name: 'ci', role: 'viewer', projects: '*' });
    const sql =
      kind === 'postgres'
        ? `SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
        : // FTS5 keeps the text index in shadow tables named after it; they are part of that index, not of the schema.
          `SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%' AND "sql" NOT LIKE 'CREATE VIRTUAL TABLE%' ` +
          `AND "name" NOT IN (SELECT "name" || s FROM "sqlite_master", (SELECT '_data' AS s UNION SELECT '_idx' UNION SELECT '_content' UNION SELECT '_docsize' UNION SELECT '_config') WHERE "sql" LIKE 'CREATE VIRTUAL TABLE%')`;
    const tables = (await db.dataSource.query(sql)).map((r: { name: string }) => r.name).filter((name: string) => !NOT_COUNTED.has(name));
    const health = await checkHealth({ dataSource: db.dataSource, config: db.config });
    expect(Object.keys(health.rowCounts).sort()).toEqual(tables.sort());
    expect(Object.keys(health.rowCounts)).toEqual(
      expect.arrayContaining(['api_tokens', 'audit_log', 'retention_policies', 'run_comparison_chunks', 'evaluation_runs']),
    );
    expect(health.rowCounts.api_tokens).toBe(1);
  });
});
