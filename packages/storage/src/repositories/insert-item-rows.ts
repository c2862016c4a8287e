import type { EntityManager } from 'typeorm';
import { DuplicateItemError, StorageError, type RejectedItem } from '../errors';
import { driverCodeOf, isUniqueViolation, toStorageError } from './db-errors';
import { itemInsertSql, rowsPerStatement, type ItemRow } from './item-rows';
import type { SqlDialect } from './sql-dialect';

/**
 * True when the database refused a statement because of a value in it (a constraint, a value it cannot hold or that
 * is too long), so the rows other than the offending one can still be stored. Lock and connection failures are not:
 * they concern the whole transaction.
 */
function isRowError(error: unknown): boolean {
  const code = driverCodeOf(error) ?? '';
  return code.startsWith('22') || code.startsWith('23') || code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG' || code === 'SQLITE_RANGE';
}

function rowError(runId: string, row: ItemRow, error: unknown): StorageError {
  if (isUniqueViolation(error)) return new DuplicateItemError(runId, row.itemId, error);
  const typed = toStorageError(error);
  const reason = typed instanceof Error ? typed.message : String(typed);
  return new StorageError(`Item ${row.index} ("${row.itemId}") was not stored: ${reason}`, { cause: typed });
}

/** Runs `work` under a savepoint: on failure only its statements are undone and the transaction goes on. */
async function underSavepoint(manager: EntityManager, name: string, work: () => Promise<unknown>): Promise<unknown> {
  await manager.query(`SAVEPOINT ${name}`);
  try {
    await work();
  } catch (error) {
    await manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await manager.query(`RELEASE SAVEPOINT ${name}`);
    return error;
  }
  await manager.query(`RELEASE SAVEPOINT ${name}`);
  return undefined;
}

/**
 * Inserts item rows inside the caller's transaction, in multi-row statements under the bound-parameter limit.
 * A statement the database refuses because of one row's value is undone (savepoint) and its rows are inserted one by
 * one, so that row alone is left out: it comes back as a RejectedItem with a typed error naming the item id, and
 * every other row is stored. Returns the rejected rows.
 * @internal
 */
export async function insertItemRows(manager: EntityManager, dialect: SqlDialect, runId: string, rows: readonly ItemRow[]): Promise<RejectedItem[]> {
  const rejected: RejectedItem[] = [];
  const perStatement = rowsPerStatement(dialect);
  const fullSql = itemInsertSql(perStatement, dialect);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const sql = chunk.length === perStatement ? fullSql : itemInsertSql(chunk.length, dialect);
    const chunkError = await underSavepoint(manager, 'llm_eval_items', () => manager.query(sql, chunk.flatMap((row) => row.values)));
    if (chunkError === undefined) continue;
    if (!isRowError(chunkError)) throw chunkError;
    const oneRowSql = itemInsertSql(1, dialect);
    for (const row of chunk) {
      const error = await underSavepoint(manager, 'llm_eval_item', () => manager.query(oneRowSql, row.values));
      if (error === undefined) continue;
      if (!isRowError(error)) throw error;
      rejected.push({ itemId: row.itemId, index: row.index, error: rowError(runId, row, error) });
    }
  }
  return rejected;
}
