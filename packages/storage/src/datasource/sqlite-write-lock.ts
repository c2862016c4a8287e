import type { DataSource, QueryRunner } from 'typeorm';

type Query = QueryRunner['query'];

const patched = new WeakSet<object>();

/**
 * Makes every transaction on a SQLite DataSource take the write lock when it begins (`BEGIN IMMEDIATE`).
 *
 * TypeORM begins SQLite transactions with a plain (deferred) `BEGIN`. In WAL mode a deferred transaction that reads
 * before it writes cannot upgrade to a writer while another process writes: SQLite fails it at once with
 * SQLITE_BUSY, ignoring the busy timeout, and the batch is lost. `BEGIN IMMEDIATE` waits for the lock (up to the busy
 * timeout) before the transaction has read anything, so concurrent writers queue instead of failing.
 *
 * better-sqlite3 has one connection, and TypeORM one query runner, per DataSource: the runner's own `query` is where
 * every `BEGIN` passes, from `dataSource.transaction` and migrations alike.
 * @internal
 */
export function beginSqliteTransactionsImmediately(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as { createQueryRunner(mode?: string): QueryRunner };
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode?: string) => {
    const runner = createQueryRunner(mode);
    if (!patched.has(runner)) {
      patched.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      runner.query = (async (sql: string, ...rest: unknown[]) => {
        if (sql !== 'BEGIN TRANSACTION') return query(sql, ...rest);
        try {
          return await query('BEGIN IMMEDIATE TRANSACTION', ...rest);
        } catch (error) {
          // The transaction never began: say so, or TypeORM would think it is still inside one.
          (runner as { isTransactionActive: boolean }).isTransactionActive = false;
          throw error;
        }
      }) as Query;
    }
    return runner;
  };
}
