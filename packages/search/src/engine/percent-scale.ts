import type { DataSource } from 'typeorm';
import type { SqlDialect } from '@llm-eval/storage';
import type { Comparison, FilterNode, ItemFilterNode } from '../query/filter';
import { round } from '../query/quantity';

/** A condition on a metric's value: a run's mean (run queries) or an item's score (item queries). */
interface MetricCondition {
  readonly metric: string;
  readonly op: Comparison;
  readonly value: number;
}

/** Lowest and highest stored value of each metric. */
type Ranges = ReadonlyMap<string, { low: number; high: number }>;

/** The metric conditions of a run or item filter whose number is above 1 (a 0–1 score can never reach it). */
function conditionsAboveOne(node: FilterNode | ItemFilterNode | null): MetricCondition[] {
  if (!node) return [];
  switch (node.kind) {
    case 'and':
    case 'or':
      return (node.children as Array<FilterNode | ItemFilterNode>).flatMap(conditionsAboveOne);
    case 'not':
      return conditionsAboveOne(node.child);
    case 'metric':
    case 'score':
      return node.value > 1 ? [node] : [];
    default:
      return [];
  }
}

/**
 * "accuracy > 90" when every stored accuracy lies in 0..1: the condition is kept as written (a metric may well be on
 * another scale) but it can match no run (or every run, for < and !=), so the reader is told, with the percentage
 * they probably meant.
 */
function warnings(conditions: readonly MetricCondition[], ranges: Ranges, of: 'run' | 'item'): string[] {
  const out = new Set<string>();
  for (const { metric, op, value } of conditions) {
    const range = ranges.get(metric);
    if (!range || range.low < 0 || range.high > 1) continue;
    const written = `${metric} ${op} ${round(value)}`;
    const all = op === '<' || op === '<=' || op === '!=';
    const meant = value <= 100 ? `; did you mean ${round(value)}% (${round(value / 100)})?` : '';
    out.add(
      of === 'run'
        ? `no run has a mean ${metric} above 1, so "${written}" matches ${all ? `every run with ${metric}` : 'no run'}${meant}`
        : `no item of this run scored above 1 on ${metric}, so "${written}" matches ${all ? `every item scored on ${metric}` : 'no item'}${meant}`,
    );
  }
  return [...out];
}

async function rangesOf(dataSource: DataSource, sql: string, params: unknown[]): Promise<Ranges> {
  const rows: Array<{ metric: string; low: number | string | null; high: number | string | null }> = await dataSource.query(sql, params);
  const ranges = new Map<string, { low: number; high: number }>();
  for (const row of rows) if (row.low !== null && row.high !== null) ranges.set(row.metric, { low: Number(row.low), high: Number(row.high) });
  return ranges;
}

/**
 * Warnings for run-query conditions like "accuracy > 90" on a metric whose run means all lie in 0..1, read from the
 * runs of `projectIds` when given (the caller's scope: a warning never tells about other projects' runs), with one
 * index-backed MIN/MAX per metric, and only when such a condition exists. @internal
 */
export async function runPercentScaleWarnings(
  dataSource: DataSource,
  dialect: SqlDialect,
  filter: FilterNode | null,
  projectIds?: readonly string[],
): Promise<string[]> {
  const conditions = conditionsAboveOne(filter);
  if (conditions.length === 0 || projectIds?.length === 0) return [];
  const metrics = [...new Set(conditions.map((c) => c.metric))];
  const params: unknown[] = [...metrics, ...(projectIds ?? [])];
  const list = (from: number, n: number) => Array.from({ length: n }, (_, k) => dialect.param(from + k + 1)).join(', ');
  const scope = projectIds
    ? ` AND EXISTS (SELECT 1 FROM "evaluation_runs" "r" WHERE "r"."id" = "m"."run_id" AND "r"."project_id" IN (${list(metrics.length, projectIds.length)}))`
    : '';
  const ranges = await rangesOf(
    dataSource,
    `SELECT "m"."metric_name" AS "metric", MIN("m"."mean") AS "low", MAX("m"."mean") AS "high" FROM "run_metrics" "m" ` +
      `WHERE "m"."metric_name" IN (${list(0, metrics.length)})${scope} GROUP BY "m"."metric_name"`,
    params,
  );
  return warnings(conditions, ranges, 'run');
}

/** The same for an item query of one run, from the run's per-metric minimum and maximum score. @internal */
export async function itemPercentScaleWarnings(
  dataSource: DataSource,
  dialect: SqlDialect,
  filter: ItemFilterNode | null,
  runId: string,
): Promise<string[]> {
  const conditions = conditionsAboveOne(filter);
  if (conditions.length === 0) return [];
  const ranges = await rangesOf(
    dataSource,
    `SELECT "metric_name" AS "metric", "min" AS "low", "max" AS "high" FROM "run_metrics" WHERE "run_id" = ${dialect.param(1)}`,
    [runId],
  );
  return warnings(conditions, ranges, 'item');
}
