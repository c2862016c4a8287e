import type { DataSource, EntityManager } from 'typeorm';

const sqliteLocks = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` in one transaction: all of it commits or none of it does.
 * SQLite connections are shared by every query runner of a DataSource, so transactions there are queued one
 * after another instead of nesting by accident.
 * @internal
 */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'postgres') return dataSource.transaction(work);
  const previous = sqliteLocks.get(dataSource) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(() => dataSource.transaction(work));
  sqliteLocks.set(dataSource, current);
  return current;
}
