import type { EntityManager } from 'typeorm';
import { RunMetric, type MetricType } from '@llm-eval/models';
import { histogram, summarize } from '@llm-eval/stats';
import { ValidationError } from '../errors';
import type { RunMetricRecord } from './records';
import type { SqlDialect } from './sql-dialect';

interface ItemStatsRow {
  status: string;
  response_time: number | null;
  tokens_used: number | null;
  cost: number | null;
  scores: string | Record<string, unknown> | null;
}

interface MetricAccumulator {
  values: number[];
  booleans: number;
  numbers: number;
  errors: number;
  seen: number;
}

/** Totals of a run derived from its items. @internal */
export interface RunTotals {
  totalItems: number;
  successfulItems: number;
  failedItems: number;
  successRate: number;
  avgResponseTime: number | null;
  minResponseTime: number | null;
  maxResponseTime: number | null;
  totalTokens: number;
  totalCost: number;
}

const PAGE = 10_000;

async function* itemStatsRows(manager: EntityManager, dialect: SqlDialect, runId: string): AsyncIterable<ItemStatsRow> {
  // Keyset pages along IDX_items_run_sequence.
  let after: [number, number] = [-1, -1];
  for (;;) {
    const rows: Array<ItemStatsRow & { id: number; sequence_number: number }> = await manager.query(
      `SELECT "id", "sequence_number", "status", "response_time", "tokens_used", "cost", "scores" FROM "evaluation_items" ` +
        `WHERE "run_id" = ${dialect.param(1)} AND ("sequence_number", "id") > (${dialect.param(2)}, ${dialect.param(3)}) ` +
        `ORDER BY "sequence_number", "id" LIMIT ${PAGE}`,
      [runId, ...after],
    );
    yield* rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = [Number(last.sequence_number), Number(last.id)];
  }
}

/**
 * Statistics are written as numbers, and a non-finite one must never reach SQL: TypeORM's SQLite driver writes numbers
 * into the statement as text, so Infinity became the column name `Infinity` ("no such column: Infinity"), and
 * PostgreSQL would store Infinity or NaN that the API then shows as null. Every stored score is finite (addItems
 * checks), and @llm-eval/stats keeps the mean, median, percentiles and histogram of finite values finite, so only a
 * statistic whose true value is beyond the largest double (the standard deviation of scores near -1.8e308 and
 * 1.8e308) gets here, and it is stored as null: not available, as for a metric with no scores. Refusing the run
 * instead would reject valid items for a summary figure nobody can read anyway.
 */
function finiteOrNull(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

function allFinite<T extends object>(value: T | null | undefined, numbers: (v: T) => number[]): T | null {
  return value && numbers(value).every(Number.isFinite) ? value : null;
}

/** 2^-600: response times are also summed scaled by it, the sum to use if the plain one overflows. */
const SCALE_DOWN = 2 ** -600;

function metricType(acc: MetricAccumulator): MetricType {
  if (acc.numbers === 0 && acc.booleans > 0) return 'boolean';
  if (acc.booleans > 0 && acc.numbers > 0) return 'custom';
  return 'numeric';
}

/**
 * Reads every item of a run once, computes per-metric statistics and the run's totals, and stores both (replacing
 * earlier statistics). Runs on the caller's transaction.
 * @internal
 */
export async function computeAndStoreRunMetrics(
  manager: EntityManager,
  dialect: SqlDialect,
  runId: string,
  metricsUsed: readonly string[],
): Promise<{ metrics: RunMetricRecord[]; totals: RunTotals }> {
  const accs = new Map<string, MetricAccumulator>();
  for (const name of metricsUsed) accs.set(name, { values: [], booleans: 0, numbers: 0, errors: 0, seen: 0 });
  let successful = 0;
  let failed = 0;
  let tokens = 0;
  let cost = 0;
  let rtSum = 0;
  let rtScaledSum = 0;
  let rtCount = 0;
  let rtMin = Infinity;
  let rtMax = -Infinity;
  let total = 0;
  // Pages of rows by id keep memory flat on runs of any size.
  for await (const row of itemStatsRows(manager, dialect, runId)) {
    total++;
    if (row.status === 'completed') successful++;
    else if (row.status === 'failed') failed++;
    if (row.response_time !== null) {
      const rt = Number(row.response_time);
      rtSum += rt;
      rtScaledSum += rt * SCALE_DOWN;
      rtCount++;
      if (rt < rtMin) rtMin = rt;
      if (rt > rtMax) rtMax = rt;
    }
    if (row.tokens_used !== null) tokens += Number(row.tokens_used);
    if (row.cost !== null) cost += Number(row.cost);
    const scores = typeof row.scores === 'string' ? (JSON.parse(row.scores) as Record<string, unknown>) : row.scores;
    if (!scores) continue;
    for (const name in scores) {
      let acc = accs.get(name);
      if (!acc) accs.set(name, (acc = { values: [], booleans: 0, numbers: 0, errors: 0, seen: 0 }));
      acc.seen++;
      const value = scores[name];
      if (typeof value === 'number') {
        acc.numbers++;
        acc.values.push(value);
      } else if (typeof value === 'boolean') {
        acc.booleans++;
        acc.values.push(value ? 1 : 0);
      } else {
        acc.errors++;
      }
    }
  }
  const computedAt = new Date();
  const metrics: RunMetricRecord[] = [];
  for (const [metricName, acc] of accs) {
    const s = summarize(acc.values);
    metrics.push({
      runId,
      metricName,
      metricType: metricType(acc),
      mean: finiteOrNull(s?.mean),
      median: finiteOrNull(s?.median),
      stdDev: finiteOrNull(s?.stdDev),
      min: finiteOrNull(s?.min),
      max: finiteOrNull(s?.max),
      percentiles: allFinite(s?.percentiles, (p) => Object.values(p)),
      histogram: allFinite(s ? histogram(acc.values, s.min, s.max) : null, (h) => h.edges),
      totalEvaluated: acc.seen,
      successfulEvaluations: acc.values.length,
      failedEvaluations: acc.errors,
      computedAt,
    });
  }
  if (!Number.isFinite(cost)) {
    // Each cost is finite (addItems checks), so only their sum can overflow. total_cost has no "unknown" (it is a
    // sum, 0 for no costs), and a made-up figure would be wrong: the run is refused, naming the field to fix.
    throw new ValidationError(
      "The items' costs add up to more than the largest number that can be stored (about 1.8e308), so the run's total " +
        'cost cannot be stored. Check the cost of the items (it is a price per item, e.g. 0.0021).',
      'cost',
    );
  }
  // The mean of finite response times is finite: when their sum overflows, it comes from the scaled sum.
  const rtMean = Number.isFinite(rtSum) ? rtSum / rtCount : Math.min(rtMax, (rtScaledSum / rtCount) / SCALE_DOWN);
  const totals: RunTotals = {
    totalItems: total,
    successfulItems: successful,
    failedItems: failed,
    successRate: total === 0 ? 0 : successful / total,
    avgResponseTime: rtCount ? rtMean : null,
    minResponseTime: rtCount ? rtMin : null,
    maxResponseTime: rtCount ? rtMax : null,
    totalTokens: tokens,
    totalCost: cost,
  };
  await manager.delete(RunMetric, { runId });
  if (metrics.length) await manager.insert(RunMetric, metrics);
  await manager.query(
    `UPDATE "evaluation_runs" SET "total_items" = ${dialect.param(1)}, "successful_items" = ${dialect.param(2)}, ` +
      `"failed_items" = ${dialect.param(3)}, "success_rate" = ${dialect.param(4)}, "avg_response_time" = ${dialect.param(5)}, ` +
      `"min_response_time" = ${dialect.param(6)}, "max_response_time" = ${dialect.param(7)}, "total_tokens" = ${dialect.param(8)}, ` +
      `"total_cost" = ${dialect.param(9)}, "updated_at" = ${dialect.param(10)} WHERE "id" = ${dialect.param(11)}`,
    [
      totals.totalItems,
      totals.successfulItems,
      totals.failedItems,
      totals.successRate,
      totals.avgResponseTime,
      totals.minResponseTime,
      totals.maxResponseTime,
      totals.totalTokens,
      totals.totalCost,
      dialect.timestamp(computedAt),
      runId,
    ],
  );
  return { metrics, totals };
}
