import type { Database, RunWithMetrics } from '@llm-eval/storage';
import { storage } from '../libraries';
import { cutMessage, type MetricErrors } from './metric-error-tally';
import { sqlNumber } from './sql-values';

/**
 * SQL for a metric's error messages among a run's items with how many items each, most frequent first: the database
 * counts them (a run of a million items is never read into memory), and only runs it for a metric that has errors.
 * An item's failed metric is stored in its scores as `{ "error": message }`.
 */
function messagesSql(kind: 'sqlite' | 'postgres', limit: number): string {
  const { itemsOfRun } = storage();
  if (kind === 'postgres') {
    return (
      `SELECT ("i"."scores" -> CAST($2 AS text) ->> 'error') AS "message", COUNT(*) AS "n" FROM "evaluation_items" "i" ` +
      `WHERE ${itemsOfRun('$1', 'i')} AND jsonb_typeof("i"."scores" -> CAST($2 AS text)) = 'object' ` +
      `GROUP BY 1 ORDER BY COUNT(*) DESC, MIN("i"."sequence_number") LIMIT ${limit}`
    );
  }
  return (
    `SELECT json_extract("i"."scores", ?) AS "message", COUNT(*) AS "n" FROM "evaluation_items" "i" ` +
    `WHERE ${itemsOfRun('?', 'i')} AND json_type("i"."scores", ?) = 'object' ` +
    `GROUP BY 1 ORDER BY COUNT(*) DESC, MIN("i"."sequence_number") LIMIT ${limit}`
  );
}

/**
 * The `limit` most frequent error messages of each metric of a stored run that failed on some item (its statistics
 * count them), exact but cut to 500 characters, as `evaluate` counts them while it runs.
 */
export async function readMetricErrors(db: Pick<Database, 'dataSource'>, run: RunWithMetrics, limit: number): Promise<MetricErrors> {
  const { dialectOf, jsonPathOf, decodeText } = storage();
  const kind = dialectOf(db.dataSource).kind;
  const sql = messagesSql(kind, limit);
  const out: MetricErrors = {};
  // A name holding a double quote or backslash has no SQLite JSON path (storage's metric names never do).
  for (const metric of run.metrics.filter((m) => m.failedEvaluations > 0 && !/["\\]/.test(m.metricName))) {
    const path = jsonPathOf(metric.metricName);
    const params = kind === 'postgres' ? [run.id, metric.metricName] : [`${path}.error`, run.id, path];
    const rows: Array<{ message: unknown; n: unknown }> = await db.dataSource.query(sql, params);
    // Counted by the whole message, shown cut: messages that differ only past the cut are one line, as evaluate counts.
    const counts = new Map<string, number>();
    for (const r of rows) {
      if (typeof r.message !== 'string') continue;
      const message = cutMessage(decodeText(r.message));
      counts.set(message, (counts.get(message) ?? 0) + sqlNumber(r.n));
    }
    const messages = [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
    if (messages.length) out[metric.metricName] = messages;
  }
  return out;
}
