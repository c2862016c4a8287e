import type { EntityManager } from 'typeorm';
import { RunNotFoundError } from '../errors';
import type { SqlDialect } from './sql-dialect';

/**
 * Items name their run by evaluation_runs.run_key, a whole number, not by the run's uuid (migration
 * 1802000000000-item-run-key): each index entry and row of the items table is 30-odd bytes smaller.
 */

/** The PostgreSQL sequence new runs take their key from. @internal */
export const RUN_KEY_SEQUENCE = 'evaluation_runs_run_key_seq';

/**
 * SQL for a new run's key. On SQLite, one more than the largest: writers take turns (one write lock), so no two
 * transactions can read the same largest key. On PostgreSQL, the sequence, which concurrent transactions share safely.
 * @internal
 */
export function newRunKeySql(dialect: SqlDialect): string {
  return dialect.kind === 'postgres' ? `nextval('${RUN_KEY_SEQUENCE}')` : `(SELECT COALESCE(MAX("run_key"), 0) + 1 FROM "evaluation_runs")`;
}

/**
 * A condition on an items alias (or the bare table when `alias` is empty) selecting the items of the run whose uuid is
 * bound as `param`. The subquery is evaluated once, so the items' indexes (which start with run_key) are used.
 * @internal
 */
export function itemsOfRun(param: string, alias = ''): string {
  const column = alias ? `"${alias}"."run_key"` : `"run_key"`;
  return `${column} = (SELECT "run_key" FROM "evaluation_runs" WHERE "id" = ${param})`;
}

/**
 * The run's key, for writing its items; throws RunNotFoundError when there is no such run. A run row inserted without
 * storage (by hand, by an older tool) has none until now: it gets the next one.
 * @internal
 */
export async function requireRunKey(manager: EntityManager, dialect: SqlDialect, runId: string): Promise<number> {
  const read = async () => (await manager.query(`SELECT "run_key" FROM "evaluation_runs" WHERE "id" = ${dialect.param(1)}`, [runId]))[0] as { run_key: unknown } | undefined;
  let row = await read();
  if (!row) throw new RunNotFoundError(runId);
  if (row.run_key === null || row.run_key === undefined) {
    await manager.query(`UPDATE "evaluation_runs" SET "run_key" = ${newRunKeySql(dialect)} WHERE "id" = ${dialect.param(1)} AND "run_key" IS NULL`, [runId]);
    row = await read();
    if (!row) throw new RunNotFoundError(runId);
  }
  return Number(row.run_key);
}
