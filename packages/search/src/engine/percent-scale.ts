import type { DataSource } from 'typeorm';
import { decodeText, encodeText, type SqlDialect } from '@llm-eval/storage';
import type { Comparison, FilterNode, ItemFilterNode } from '../query/filter';
import { round } from '../query/quantity';

/** A condition on a metric's value: a run's mean (run queries) or an item's score (item queries). */
interface MetricCondition {
  readonly metric: string;
  readonly op: Comparison;
  readonly value: number;
}

/** "accuracy between 80 and 90" (`outside`: "not between"), both bounds above 1. */
interface MetricRange {
  readonly metric: string;
  readonly low: number;
  readonly high: number;
  readonly outside: boolean;
}

/** Lowest and highest stored value of each metric. */
type Ranges = ReadonlyMap<string, { low: number; high: number }>;

type MetricNode = Extract<FilterNode, { kind: 'metric' }> | Extract<ItemFilterNode, { kind: 'score' }>;

function isMetricNode(node: FilterNode | ItemFilterNode | undefined): node is MetricNode {
  return node?.kind === 'metric' || node?.kind === 'score';
}

/** The range a parsed "between" (or "not between") wrote on one metric with both bounds above 1, or null. */
function rangeAboveOne(node: FilterNode | ItemFilterNode): MetricRange | null {
  if ((node.kind !== 'and' && node.kind !== 'or') || node.children.length !== 2) return null;
  const [a, b] = node.children as Array<FilterNode | ItemFilterNode>;
  if (!isMetricNode(a) || !isMetricNode(b) || a.metric !== b.metric || a.value <= 1 || b.value <= 1) return null;
  const outside = node.kind === 'or';
  const [lowOp, highOp] = outside ? ['<', '>'] : ['>=', '<='];
  return a.op === lowOp && b.op === highOp ? { metric: a.metric, low: a.value, high: b.value, outside } : null;
}

/** The metric conditions of a run or item filter whose number is above 1 (a 0–1 score can never reach it). */
function conditionsAboveOne(node: FilterNode | ItemFilterNode | null): Array<MetricCondition | MetricRange> {
  if (!node) return [];
  switch (node.kind) {
    case 'and':
    case 'or': {
      const range = rangeAboveOne(node);
      return range ? [range] : (node.children as Array<FilterNode | ItemFilterNode>).flatMap(conditionsAboveOne);
    }
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
function warnings(conditions: ReadonlyArray<MetricCondition | MetricRange>, ranges: Ranges, of: 'run' | 'item'): string[] {
  const out = new Set<string>();
  for (const condition of conditions) {
    const { metric } = condition;
    const range = ranges.get(metric);
    if (!range || range.low < 0 || range.high > 1) continue;
    let written: string;
    let all: boolean;
    let meant: string;
    if ('op' in condition) {
      const { op, value } = condition;
      written = `${metric} ${op} ${round(value)}`;
      all = op === '<' || op === '<=' || op === '!=';
      meant = value <= 100 ? `; did you mean ${round(value)}% (${round(value / 100)})?` : '';
    } else {
      const [low, high] = [round(condition.low), round(condition.high)];
      written = `${metric} ${condition.outside ? 'not ' : ''}between ${low} and ${high}`;
      all = condition.outside;
      meant = high <= 100 ? `; did you mean ${low}%\u2013${high}% (${round(low / 100)}\u2013${round(high / 100)})?` : '';
    }
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
  // Metric names are stored encoded (a NUL or U+FDD0 in a name): keyed by the name as given, as the conditions are.
  for (const row of rows) if (row.low !== null && row.high !== null) ranges.set(decodeText(row.metric), { low: Number(row.low), high: Number(row.high) });
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
  const params: unknown[] = [...metrics.map(encodeText), ...(projectIds ?? [])];
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
