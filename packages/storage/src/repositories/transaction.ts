import type { DataSource, EntityManager } from 'typeorm';
import { DatabaseBusyError } from '../errors';
import { isBusyError, toStorageError } from './db-errors';

const sqliteLocks = new WeakMap<DataSource, Promise<unknown>>();

/** How long a write keeps retrying while other writers hold the database, and how it backs off. @internal */
export const BUSY_RETRY = { totalMs: 30_000, firstDelayMs: 20, maxDelayMs: 1_000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` again while it fails only because other writers hold the database (SQLite busy or locked,
 * PostgreSQL deadlock or serialization failure), with jittered exponential backoff, for at most
 * BUSY_RETRY.totalMs. Each attempt must be a whole transaction, so a failed one has left nothing behind.
 * Then it gives up with DatabaseBusyError. Other errors become this package's typed errors.
 * @internal
 */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, what = 'write'): Promise<T> {
  const started = Date.now();
  let delay = BUSY_RETRY.firstDelayMs;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusyError(error)) throw toStorageError(error);
      const elapsed = Date.now() - started;
      if (elapsed >= BUSY_RETRY.totalMs) {
        throw new DatabaseBusyError(
          `The database stayed locked by other writers for ${Math.round(elapsed / 1000)} s (${tries} attempts); this ${what} was not stored. ` +
            'Retry later, use fewer concurrent writers, or raise busy_timeout in the database URL.',
          { cause: error },
        );
      }
      await sleep(Math.min(delay * (0.5 + Math.random()), BUSY_RETRY.totalMs - elapsed));
      delay = Math.min(delay * 2, BUSY_RETRY.maxDelayMs);
    }
  }
}

/**
 * Runs `work` in one transaction: all of it commits or none of it does.
 * On SQLite the transaction takes the write lock when it begins (see beginSqliteTransactionsImmediately), so the busy
 * timeout applies, and a transaction that still finds the database locked is retried with backoff: many writers on
 * one file are slow, never lossy. SQLite connections are shared by every query runner of a DataSource, so
 * transactions there are also queued one after another instead of nesting by accident.
 * Driver errors come out as this package's typed errors.
 * @internal
 */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const run = () => retryWhileBusy(() => dataSource.transaction(work));
  if (dataSource.options.type === 'postgres') return run();
  const previous = sqliteLocks.get(dataSource) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(run);
  sqliteLocks.set(dataSource, current);
  return current;
}
