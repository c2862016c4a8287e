import type { DataSource } from 'typeorm';
import { ValidationError } from '../errors';
import { jsonPathOf } from './item-query';
import { canonicalRunId, isRunIdShape } from './run-id';
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
 * database counts them: a run of a million items is never read into memory. None for an unknown run. @internal
 */
export async function countMetricErrors(
  dataSource: DataSource,
  dialect: SqlDialect,
  runId: string,
  metricName: string,
  limit: number,
): Promise<MetricErrorCount[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new ValidationError(`limit must be a whole number >= 1, got ${limit}`, 'limit');
  // Keys of the stored scores are in the stored form, as every string in them is (stored-text.ts).
  const metric = encodeText(metricName);
  const path = jsonPathOf(metric);
  const rows: Array<{ message: unknown; n: unknown }> = await dataSource.query(
    metricErrorsSql(dialect),
    dialect.kind === 'postgres' ? [runId, metric, limit] : [`${path}.error`, runId, path, limit],
  );
  return rows.flatMap((r) => (typeof r.message === 'string' ? [{ message: decodeText(r.message), count: Number(r.n) }] : []));
}

/**
 * SQL for every metric's error messages among a run's items, the `limit` most frequent of each (ties: the one seen
 * first), as metricErrorsSql gives for one metric: one pass over the run's items and the entries of their scores, where
 * a query per metric would parse every item's scores (which hold every metric) once per metric, metrics² in all.
 * Both databases bind the run id and the limit.
 */
function allMetricErrorsSql(dialect: SqlDialect): string {
  const counted =
    dialect.kind === 'postgres'
      ? `SELECT "e"."key" AS "metric", ("e"."value" ->> 'error') AS "message", COUNT(*) AS "n", MIN("i"."sequence_number") AS "first" ` +
        `FROM "evaluation_items" "i" CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof("i"."scores") = 'object' THEN "i"."scores" ELSE '{}'::jsonb END) "e" ` +
        `WHERE ${itemsOfRun('$1', 'i')} AND jsonb_typeof("e"."value") = 'object' GROUP BY 1, 2`
      : `SELECT "e"."key" AS "metric", json_extract("e"."value", '$.error') AS "message", COUNT(*) AS "n", MIN("i"."sequence_number") AS "first" ` +
        `FROM "evaluation_items" "i", json_each(CASE WHEN json_type("i"."scores") = 'object' THEN "i"."scores" ELSE '{}' END) "e" ` +
        `WHERE ${itemsOfRun('?', 'i')} AND "e"."type" = 'object' GROUP BY 1, 2`;
  return (
    `SELECT "metric", "message", "n" FROM (SELECT "metric", "message", "n", "first", ` +
    `ROW_NUMBER() OVER (PARTITION BY "metric" ORDER BY "n" DESC, "first") AS "rank" FROM (${counted}) "c") "r" ` +
    `WHERE "rank" <= ${dialect.param(2)} ORDER BY "metric", "rank"`
  );
}

/**
 * countMetricErrors for every metric of a run at once, in one query: each metric that failed on some item, by name,
 * with its `limit` most frequent messages exactly as countMetricErrors gives them. Empty for an unknown run. @internal
 */
export async function countAllMetricErrors(
  dataSource: DataSource,
  dialect: SqlDialect,
  runId: string,
  limit: number,
): Promise<Map<string, MetricErrorCount[]>> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new ValidationError(`limit must be a whole number >= 1, got ${limit}`, 'limit');
  const out = new Map<string, MetricErrorCount[]>();
  runId = canonicalRunId(runId);
  if (!isRunIdShape(runId)) return out;
  const rows: Array<{ metric: unknown; message: unknown; n: unknown }> = await dataSource.query(allMetricErrorsSql(dialect), [runId, limit]);
  for (const row of rows) {
    if (typeof row.metric !== 'string' || typeof row.message !== 'string') continue;
    const metric = decodeText(row.metric);
    let counts = out.get(metric);
    if (!counts) out.set(metric, (counts = []));
    counts.push({ message: decodeText(row.message), count: Number(row.n) });
  }
  return out;
}
