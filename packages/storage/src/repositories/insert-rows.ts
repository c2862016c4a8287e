import type { EntityManager, EntityTarget, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm';

/**
 * Inserts rows without reading them back. TypeORM's `manager.insert` follows every INSERT on SQLite with a SELECT of
 * the columns the database filled in (ids, defaults) to copy them onto the given objects, which these callers never
 * read: that SELECT was a third of the cost of creating a run (and of storing its statistics).
 * @internal
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T> | QueryDeepPartialEntity<T>[],
): Promise<void> {
  await manager.createQueryBuilder().insert().into(target).values(rows).updateEntity(false).execute();
}
