import type { Database, RunWithMetrics } from '@llm-eval/storage';
import { storage } from '../libraries';

/**
 * Per metric of the run's items: how many scores it has (numbers and booleans) and how many of those are numbers
 * other than 0 and 1. One pass over the items and the entries of their scores for every metric at once (a query per
 * metric would parse every item's scores once per metric, metrics² in all).
 */
function scoreShapesSql(postgres: boolean): string {
  const ofRun = storage().itemsOfRun(postgres ? '$1' : '?', 'i');
  return postgres
    ? `SELECT "e"."key" AS "metric", COUNT(*) AS "scored", ` +
        `COUNT(*) FILTER (WHERE jsonb_typeof("e"."value") = 'number' AND ("e"."value" #>> '{}')::double precision NOT IN (0, 1)) AS "other" ` +
        `FROM "evaluation_items" "i" CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof("i"."scores") = 'object' THEN "i"."scores" ELSE '{}'::jsonb END) "e" ` +
        `WHERE ${ofRun} AND jsonb_typeof("e"."value") IN ('number', 'boolean') GROUP BY 1`
    : `SELECT "e"."key" AS "metric", COUNT(*) AS "scored", ` +
        `SUM(CASE WHEN "e"."type" IN ('integer', 'real') AND "e"."value" NOT IN (0, 1) THEN 1 ELSE 0 END) AS "other" ` +
        `FROM "evaluation_items" "i", json_each(CASE WHEN json_type("i"."scores") = 'object' THEN "i"."scores" ELSE '{}' END) "e" ` +
        `WHERE ${ofRun} AND "e"."type" IN ('integer', 'real', 'true', 'false') GROUP BY 1`;
}

/**
 * The metrics of a run that `runs compare` (and the server's /compare) treats as pass/fail, giving them McNemar's test:
 * declared boolean, or scored at least once with every score 0 or 1 (true and false count as 1 and 0), as
 * @llm-eval/search's comparison decides it for the paired scores of two runs. Search does not export that rule, so it is
 * applied here to one run's scores; `runs show` prints these metrics' type as boolean so that both commands agree
 * (exact_match, scored 1.0 and 0.0, was shown numeric while contains, scored true and false, was boolean).
 *
 * The items are read only when a metric could be one: stored as another type, yet with scores whose smallest and
 * largest are each 0 or 1.
 */
export async function passFailMetrics(db: Pick<Database, 'dataSource'>, run: RunWithMetrics): Promise<Set<string>> {
  const out = new Set(run.metrics.filter((m) => m.metricType === 'boolean').map((m) => m.metricName));
  const zeroOrOne = (v: number | null) => v === 0 || v === 1;
  const candidates = run.metrics.filter((m) => m.metricType !== 'boolean' && m.successfulEvaluations > 0 && zeroOrOne(m.min) && zeroOrOne(m.max));
  if (candidates.length === 0) return out;
  const postgres = db.dataSource.options.type === 'postgres';
  const rows: Array<{ metric: unknown; scored: unknown; other: unknown }> = await db.dataSource.query(scoreShapesSql(postgres), [run.id]);
  const { decodeText } = storage();
  // Score keys are stored encoded (a name with NUL or U+FDD0), as the run's metric names are not.
  const shapes = new Map(rows.flatMap((r) => (typeof r.metric === 'string' ? [[decodeText(r.metric), { scored: Number(r.scored), other: Number(r.other) }] as const] : [])));
  for (const m of candidates) {
    const shape = shapes.get(m.metricName);
    if (shape && shape.scored > 0 && shape.other === 0) out.add(m.metricName);
  }
  return out;
}
