import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import type { DataSource } from 'typeorm';
import { ALL_MIGRATIONS, MIGRATIONS_TABLE, initializeDatabase, type Database } from '../src';
import { INTEGRITY_CHECK_NAMES } from '../src/migrations/1806000000000-run-integrity-rules';

export { createTestDatabase, DATABASE_KINDS, PG_ADMIN_URL } from '@llm-eval/test-databases';
export type { TestDatabase } from '@llm-eval/test-databases';

/**
 * Registers beforeAll/afterAll that create a fresh database of `kind`, initialize it, and drop it afterwards.
 * Read `.db` and `.url` inside tests.
 */
export function useMigratedDatabase(kind: 'sqlite' | 'postgres'): { readonly db: Database; readonly url: string } {
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    db = await initializeDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });
  return {
    get db() {
      return db!;
    },
    get url() {
      return testDb!.url;
    },
  };
}

/**
 * Reverts the named migration and every migration applied after it, newest first: until the named one is no longer
 * applied, so a second call after one that failed part-way reverts only what is left (not a count of migrations).
 */
export async function undoMigrationsThrough(dataSource: DataSource, name: string): Promise<void> {
  if (!ALL_MIGRATIONS.some((M) => new M().name === name)) throw new Error(`no migration is named ${name}`);
  const applied = async () => ((await dataSource.query(`SELECT "name" FROM "${MIGRATIONS_TABLE}"`)) as Array<{ name: string }>).some((m) => m.name === name);
  while (await applied()) await dataSource.undoLastMigration();
}

const INTEGRITY_DROPS = new Set(INTEGRITY_CHECK_NAMES.map((name) => `DROP CONSTRAINT "${name}"`));

/**
 * The statements TypeORM would run to make the schema equal the entities, but for dropping PostgreSQL's integrity
 * CHECK constraints, which the entities cannot declare (SQLite enforces the same rules with triggers; see migration
 * 1806000000000-run-integrity-rules). Any other difference is drift.
 */
export async function schemaDiff(dataSource: DataSource): Promise<string[]> {
  const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
  return upQueries.map((q) => q.query).filter((sql) => ![...INTEGRITY_DROPS].some((drop) => sql.endsWith(drop)));
}
