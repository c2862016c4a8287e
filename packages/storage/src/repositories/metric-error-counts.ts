import type { DataSource } from 'typeorm';
import { ValidationError } from '../errors';
import { jsonPathOf } from './item-query';
import { itemsOfRun } from './run-key';
import type { SqlDialect } from './sql-dialect';
import { decodeText, encodeText } from './stored-text';

/** One distinct error message of a metric in a run, with how many of the run's items it failed on with it. */
export interface MetricErrorCount {
  message: string;
  count: number;
}

/**
 * SQL for a metric's error messages among a run's items with how many items each, most frequent first (ties: the one
 * seen first). An item's failed metric is stored in its scores as `{ "error": message }`. PostgreSQL binds the run id,
 * the metric name and the limit; SQLite the error's JSON path, the run id, the metric's JSON path and the limit.
 */
function metricErrorsSql(dialect: SqlDialect): string {
  const order = `GROUP BY 1 ORDER BY COUNT(*) DESC, MIN("i"."sequence_number") LIMIT ${dialect.param(dialect.kind === 'postgres' ? 3 : 4)}`;
  if (dialect.kind === 'postgres') {
    return (
      `SELECT ("i"."scores" -> CAST($2 AS text) ->> 'error') AS "message", COUNT(*) AS "n" FROM "evaluation_items" "i" ` +
      `WHERE ${itemsOfRun('$1', 'i')} AND jsonb_typeof("i"."scores" -> CAST($2 AS text)) = 'object' ${order}`
    );
  }
  return (
    `SELECT json_extract("i"."scores", ?) AS "message", COUNT(*) AS "n" FROM "evaluation_items" "i" ` +
    `WHERE ${itemsOfRun('?', 'i')} AND json_type("i"."scores", ?) = 'object' ${order}`
  );
}

/**
 * The `limit` most frequent error messages of a metric among a run's items, whole and decoded (a NUL in one comes back
 * as given), with how many items failed with each, most frequent first, ties in the order the items were added. The
 * database counts them: a run of a million items is never read into memory. None for an unknown run, and for a metric
 * name holding a double quote or backslash, which has no SQLite JSON path (listItems refuses such a name as its
 * metric); PostgreSQL answers the same, so both databases agree. @internal
 */
export async function countMetricErrors(
  dataSource: DataSource,
  dialect: SqlDialect,
  runId: string,
  metricName: string,
  limit: number,
): Promise<MetricErrorCount[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new ValidationError(`limit must be a whole number >= 1, got ${limit}`, 'limit');
  if (/["\\]/.test(metricName)) return [];
  // Keys of the stored scores are in the stored form, as every string in them is (stored-text.ts).
  const metric = encodeText(metricName);
  const path = jsonPathOf(metric);
  const rows: Array<{ message: unknown; n: unknown }> = await dataSource.query(
    metricErrorsSql(dialect),
    dialect.kind === 'postgres' ? [runId, metric, limit] : [`${path}.error`, runId, path, limit],
  );
  return rows.flatMap((r) => (typeof r.message === 'string' ? [{ message: decodeText(r.message), count: Number(r.n) }] : []));
}
