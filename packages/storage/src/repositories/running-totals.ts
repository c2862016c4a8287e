import type { EntityManager } from 'typeorm';
import type { ItemInput } from './records';
import type { SqlDialect } from './sql-dialect';

/**
 * Adds a stored batch's items to its running run's totals, in the batch's own transaction.
 *
 * A run's totals are otherwise written only when it finishes. Keeping them current as items arrive lets every reader
 * (runs list, a dashboard polling a live run) show a running or abandoned run's figures from its row in O(1), instead
 * of aggregating all its items on every read (≈ 200 ms per list page for a live 150,000-item run on PostgreSQL).
 * The average response time is weighted by the items stored before, which is exact when every item has a response
 * time (the evaluator records one for failed items too). Finishing or recovering a run recomputes everything from
 * the items, so these figures never outlive the run. The batch also moves the run's updated_at (its last write).
 *
 * This UPDATE is also the batch's guard: it is the first statement of the batch that locks the run row, and it only
 * matches while the run is running. A finish or cancel that committed first leaves it 0 rows (re-checked on the newest
 * row version under PostgreSQL's READ COMMITTED); one that comes later waits for the batch to commit. Returns true when
 * the running run took the totals, false when nothing was stored or the run is not running (or does not exist).
 * @internal
 */
export async function addToRunningTotals(
  manager: EntityManager,
  dialect: SqlDialect,
  runId: string,
  stored: readonly ItemInput[],
): Promise<boolean> {
  if (stored.length === 0) return false;
  let successful = 0;
  let failed = 0;
  let tokens = 0;
  let cost = 0;
  let timed = 0;
  let timeSum = 0;
  let minTime: number | null = null;
  let maxTime: number | null = null;
  for (const item of stored) {
    const status = item.status ?? 'completed';
    if (status === 'completed') successful++;
    else if (status === 'failed') failed++;
    if (typeof item.tokensUsed === 'number') tokens += item.tokensUsed;
    if (typeof item.cost === 'number') cost += item.cost;
    const time = item.responseTime;
    if (typeof time === 'number') {
      timed++;
      timeSum += time;
      minTime = minTime === null || time < minTime ? time : minTime;
      maxTime = maxTime === null || time > maxTime ? time : maxTime;
    }
  }
  // Every placeholder binds its own value (SQLite's "?" cannot be reused), in order of appearance.
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return dialect.param(values.length);
  };
  // Typed, so PostgreSQL can tell what a parameter compared with NULL is.
  const real = (value: number | null) => `CAST(${bind(value)} AS double precision)`;
  const batchAvg = timed === 0 ? null : timeSum / timed;
  const sql =
    `UPDATE "evaluation_runs" SET ` +
    `"successful_items" = "successful_items" + ${bind(successful)}, "failed_items" = "failed_items" + ${bind(failed)}, ` +
    `"success_rate" = CAST("successful_items" + ${bind(successful)} AS double precision) / ("total_items" + ${bind(stored.length)}), ` +
    `"total_tokens" = "total_tokens" + ${bind(tokens)}, "total_cost" = "total_cost" + ${real(cost)}, ` +
    `"avg_response_time" = CASE WHEN ${real(batchAvg)} IS NULL THEN "avg_response_time" WHEN "avg_response_time" IS NULL THEN ${real(batchAvg)} ` +
    `ELSE ("avg_response_time" * "total_items" + ${real(batchAvg)} * ${bind(timed)}) / ("total_items" + ${bind(timed)}) END, ` +
    `"min_response_time" = CASE WHEN ${real(minTime)} IS NULL THEN "min_response_time" WHEN "min_response_time" IS NULL OR ${real(minTime)} < "min_response_time" THEN ${real(minTime)} ELSE "min_response_time" END, ` +
    `"max_response_time" = CASE WHEN ${real(maxTime)} IS NULL THEN "max_response_time" WHEN "max_response_time" IS NULL OR ${real(maxTime)} > "max_response_time" THEN ${real(maxTime)} ELSE "max_response_time" END, ` +
    `"total_items" = "total_items" + ${bind(stored.length)}, "updated_at" = ${bind(dialect.timestamp(new Date()))} ` +
    `WHERE "id" = ${bind(runId)} AND "status" = 'running' RETURNING "id"`;
  const result: unknown[] = await manager.query(sql, values);
  // TypeORM answers an UPDATE with [rows, affected] on PostgreSQL and with the RETURNING rows on SQLite.
  const rows = dialect.kind === 'postgres' ? (result[0] as unknown[]) : result;
  return rows.length > 0;
}
