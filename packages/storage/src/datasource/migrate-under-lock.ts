import type { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from '../migrations';
import { retryWhileBusy } from '../repositories/transaction';

/** Any fixed 64-bit key: the PostgreSQL advisory lock that serialises llm-eval migrations across processes. */
const POSTGRES_MIGRATION_LOCK = 7_246_311_532_019n;

async function appliedSqliteMigrations(dataSource: DataSource): Promise<Set<string> | undefined> {
  const [table] = await dataSource.query(`SELECT 1 AS "found" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = ?`, [MIGRATIONS_TABLE]);
  if (!table) return undefined;
  const rows: Array<{ name: string }> = await dataSource.query(`SELECT "name" FROM "${MIGRATIONS_TABLE}"`);
  return new Set(rows.map((row) => row.name));
}

async function hasPendingSqliteMigrations(dataSource: DataSource): Promise<boolean> {
  const applied = await appliedSqliteMigrations(dataSource);
  if (!applied) return true;
  return dataSource.migrations.some((migration) => !applied.has(migration.name ?? migration.constructor.name));
}

async function migrateSqlite(dataSource: DataSource): Promise<void> {
  // A plain read first: an up-to-date database (the usual case) is opened without taking the write lock.
  if (!(await hasPendingSqliteMigrations(dataSource))) return;
  await retryWhileBusy(async () => {
    const runner = dataSource.createQueryRunner();
    // Migrations switch foreign keys off while they run; SQLite only honours that outside a transaction.
    await runner.beforeMigration();
    try {
      // BEGIN IMMEDIATE (see beginSqliteTransactionsImmediately): the write lock is taken before the list of applied
      // migrations is read, so of several processes opening a new file at once, one migrates and the others, once it
      // commits, find nothing left to do.
      await runner.startTransaction();
      try {
        await dataSource.runMigrations({ transaction: 'none' });
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.afterMigration();
    }
  }, 'migration');
}

async function migratePostgres(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    // A session-level advisory lock on a connection of its own: concurrent start-ups apply migrations one at a time,
    // and each migration still runs in its own transaction.
    await runner.query('SELECT pg_advisory_lock($1)', [POSTGRES_MIGRATION_LOCK.toString()]);
    try {
      await retryWhileBusy(() => dataSource.runMigrations({ transaction: 'each' }), 'migration');
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [POSTGRES_MIGRATION_LOCK.toString()]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Applies pending migrations so that several processes starting at once on a fresh database never both try to create
 * the schema: SQLite under the write lock, PostgreSQL under an advisory lock.
 * @internal
 */
export async function migrateUnderLock(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type === 'postgres') await migratePostgres(dataSource);
  else await migrateSqlite(dataSource);
}
