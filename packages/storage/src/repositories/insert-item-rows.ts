import type { EntityManager } from 'typeorm';
import { DuplicateItemError, RunNotFoundError, StorageError, type RejectedItem } from '../errors';
import { driverCodeOf, isUniqueViolation, toStorageError } from './db-errors';
import { ALL_ITEM_COLUMNS, boundColumns, ITEM_COLUMNS, itemInsertSql, statementRowCounts, type ItemRow } from './item-rows';
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

/** True when an item's run_key names no run (the items table's only foreign key): the run does not exist (any more). */
function isMissingRun(error: unknown): boolean {
  const code = driverCodeOf(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Thrown on PostgreSQL when a statement inserted without a savepoint was refused because of a row: the transaction is
 * aborted, so the caller rolls it back and stores the batch again with `isolateRows`. Not a StorageError and without a
 * driver `cause`, so the transaction helpers pass it through untouched.
 * @internal
 */
export class RowRefusedSignal extends Error {
  constructor() {
    super('A row of the batch was refused; store the batch again with isolateRows.');
    this.name = 'RowRefusedSignal';
  }
}

/**
 * Runs `work` so that on failure only its statements are undone and the transaction goes on. SQLite undoes a failed
 * statement by itself (and the transaction stays usable), so only PostgreSQL needs a savepoint, and only when `isolate`.
 */
async function undoableAlone(manager: EntityManager, savepoint: string | undefined, work: () => Promise<unknown>): Promise<unknown> {
  if (savepoint === undefined) {
    try {
      await work();
      return undefined;
    } catch (error) {
      return error;
    }
  }
  await manager.query(`SAVEPOINT ${savepoint}`);
  try {
    await work();
  } catch (error) {
    await manager.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
    await manager.query(`RELEASE SAVEPOINT ${savepoint}`);
    return error;
  }
  await manager.query(`RELEASE SAVEPOINT ${savepoint}`);
  return undefined;
}

/** What insertItemRows did: the rows refused, and (when skipping duplicates) the positions of the rows inserted. @internal */
export interface InsertOutcome {
  rejected: RejectedItem[];
  /** Positions in the batch of the rows really inserted; only with `ignoreDuplicates`. */
  inserted?: number[];
}

/**
 * The bound parameters of `count` rows from `start`, of the `columns` of ITEM_COLUMNS (a bit set), in one preallocated
 * array (no per-row arrays to concatenate).
 */
function paramsOf(rows: readonly ItemRow[], start: number, count: number, columns: number): unknown[] {
  if (columns === ALL_ITEM_COLUMNS) {
    const width = ITEM_COLUMNS.length;
    const params = new Array<unknown>(count * width);
    let p = 0;
    for (let r = start; r < start + count; r++) {
      const values = rows[r]!.values;
      for (let c = 0; c < width; c++) params[p++] = values[c];
    }
    return params;
  }
  const bound: number[] = [];
  for (let c = 0; c < ITEM_COLUMNS.length; c++) if ((columns & (1 << c)) !== 0) bound.push(c);
  const width = bound.length;
  const params = new Array<unknown>(count * width);
  let p = 0;
  for (let r = start; r < start + count; r++) {
    const values = rows[r]!.values;
    for (let c = 0; c < width; c++) params[p++] = values[bound[c]!];
  }
  return params;
}

/**
 * Inserts item rows inside the caller's transaction, in multi-row statements under the bound-parameter limit.
 * A statement the database refuses because of one row's value is undone and its rows are inserted one by one, so that
 * row alone is left out: it comes back as a RejectedItem with a typed error naming the item id, and every other row is
 * stored. With `ignoreDuplicates`, a row whose item id the run already holds is skipped silently and `inserted` lists
 * the rows really inserted. A row whose run does not exist fails the whole batch with RunNotFoundError.
 *
 * On PostgreSQL a refused statement aborts the transaction unless it ran under a savepoint. Savepoints cost two
 * statements per chunk for a case that is rare, so by default there are none and a refused row throws
 * RowRefusedSignal: the caller rolls back and stores the batch again with `isolateRows`, which puts every chunk (and
 * then every row of a refused chunk) under its own savepoint.
 * @internal
 */
export async function insertItemRows(
  manager: EntityManager,
  dialect: SqlDialect,
  runId: string,
  rows: readonly ItemRow[],
  options: { ignoreDuplicates?: boolean; isolateRows?: boolean } = {},
): Promise<InsertOutcome> {
  const rejected: RejectedItem[] = [];
  const skip = options.ignoreDuplicates === true;
  const isolate = dialect.kind === 'postgres';
  const signalRefusal = isolate && options.isolateRows !== true;
  const inserted: number[] = [];
  // RETURNING gives the stored (encoded) item ids of the rows inserted; ids are unique within a batch (toItemRows).
  const noteInserted = (chunk: readonly ItemRow[], returned: unknown) => {
    if (!skip) return;
    const byId = new Map(chunk.map((row) => [row.values[1] as string, row.index]));
    for (const r of returned as Array<{ item_id: string }>) inserted.push(byId.get(r.item_id)!);
  };
  const refusal = (error: unknown) => {
    if (isMissingRun(error)) return new RunNotFoundError(runId);
    if (!isRowError(error)) return error;
    return signalRefusal ? new RowRefusedSignal() : undefined;
  };
  let start = 0;
  for (const count of statementRowCounts(rows.length, dialect, rows)) {
    const from = start;
    start += count;
    const columns = boundColumns(rows, from, count);
    const sql = itemInsertSql(count, dialect, skip, columns);
    const params = paramsOf(rows, from, count, columns);
    const chunkError = await undoableAlone(manager, isolate && !signalRefusal ? 'llm_eval_items' : undefined, async () => {
      const returned = await manager.query(sql, params);
      if (skip) noteInserted(rows.slice(from, from + count), returned);
    });
    if (chunkError === undefined) continue;
    const fatal = refusal(chunkError);
    if (fatal !== undefined) throw fatal;
    const oneRowSql = itemInsertSql(1, dialect, skip);
    for (let r = from; r < from + count; r++) {
      const row = rows[r]!;
      const error = await undoableAlone(manager, isolate ? 'llm_eval_item' : undefined, async () => noteInserted([row], await manager.query(oneRowSql, row.values)));
      if (error === undefined) continue;
      const rowFatal = refusal(error);
      if (rowFatal !== undefined) throw rowFatal;
      rejected.push({ itemId: row.itemId, index: row.index, error: rowError(runId, row, error) });
    }
  }
  return skip ? { rejected, inserted: inserted.sort((a, b) => a - b) } : { rejected };
}
