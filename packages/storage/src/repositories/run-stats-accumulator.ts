import type { MetricType } from '@llm-eval/models';
import { ExactSum, Float64List, histogram, summarize } from '@llm-eval/stats';
import { ValidationError } from '../errors';
import type { ItemInput, RunMetricRecord } from './records';
import { decodeText, encodeText } from './stored-text';

/** Totals of a run derived from its items. */
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

/** What the statistics read of one stored item: its columns as stored (numbers may come back from SQL as text). */
export interface RunStatsRow {
  status: string;
  responseTime: number | string | null;
  tokensUsed: number | string | null;
  cost: number | string | null;
  /** Metric name (as stored) to score: a number, a boolean, or anything else for an error. */
  scores: Record<string, unknown> | null;
}

/** A run's statistics and totals as stored. */
export interface RunStatistics {
  metrics: RunMetricRecord[];
  totals: RunTotals;
}

/** Scores of one metric: values in a growable Float64Array (8 bytes each, a number[] takes 2-3 times that). */
class MetricValues {
  private readonly list = new Float64List();
  booleans = 0;
  numbers = 0;
  errors = 0;
  seen = 0;

  push(value: number): void {
    this.list.push(value);
  }

  get length(): number {
    return this.list.length;
  }

  /** The values so far (a view, no copy). */
  get sample(): Float64Array {
    return this.list.values();
  }

  get type(): MetricType {
    if (this.numbers === 0 && this.booleans > 0) return 'boolean';
    if (this.booleans > 0 && this.numbers > 0) return 'custom';
    return 'numeric';
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

/**
 * A run's per-metric statistics and totals, computed from its stored items fed one at a time in any order: the same
 * figures computeRunMetrics reads back from the database (sums may differ in the last bits, as their order does;
 * percentiles and histograms are the same). Memory: 8 bytes per score (kept for exact percentiles), nothing per item
 * otherwise.
 */
export class RunStatsAccumulator {
  private readonly metrics = new Map<string, MetricValues>();
  /** Metric names as given to addItem, in their stored form (encodeText), computed once per name. */
  private readonly storedNames = new Map<string, string>();
  private successful = 0;
  private failed = 0;
  private tokens = 0;
  private cost = 0;
  /** Response times summed exactly (as the metrics' means are), in constant memory. */
  private readonly responseTimes = new ExactSum();
  private rtMin = Infinity;
  private rtMax = -Infinity;
  private total = 0;

  /** How many items were added. */
  get count(): number {
    return this.total;
  }

  /** Adds one stored item, as read from the database. */
  add(row: RunStatsRow): void {
    this.addColumns(row.status, row.responseTime, row.tokensUsed, row.cost);
    const scores = row.scores;
    if (!scores) return;
    for (const name in scores) this.addScore(name, scores[name]);
  }

  /**
   * Adds one item that addItems stored, as it was given to addItems: read the way the database gives it back (default
   * status, metric names in their stored form, -0 stored as 0 by JSON).
   */
  addItem(item: ItemInput): void {
    this.addColumns(item.status ?? 'completed', item.responseTime ?? null, item.tokensUsed ?? null, item.cost ?? null);
    const scores = item.scores;
    if (!scores) return;
    for (const name of Object.keys(scores)) {
      let stored = this.storedNames.get(name);
      if (stored === undefined) this.storedNames.set(name, (stored = encodeText(name)));
      const value = scores[name];
      this.addScore(stored, value === 0 ? 0 : value);
    }
  }

  private addColumns(status: string, responseTime: number | string | null, tokensUsed: number | string | null, cost: number | string | null): void {
    this.total++;
    if (status === 'completed') this.successful++;
    else if (status === 'failed') this.failed++;
    if (responseTime !== null) {
      const rt = Number(responseTime);
      this.responseTimes.add(rt);
      if (rt < this.rtMin) this.rtMin = rt;
      if (rt > this.rtMax) this.rtMax = rt;
    }
    if (tokensUsed !== null) this.tokens += Number(tokensUsed);
    if (cost !== null) this.cost += Number(cost);
  }

  private addScore(name: string, value: unknown): void {
    let metric = this.metrics.get(name);
    if (!metric) this.metrics.set(name, (metric = new MetricValues()));
    metric.seen++;
    if (typeof value === 'number') {
      metric.numbers++;
      metric.push(value);
    } else if (typeof value === 'boolean') {
      metric.booleans++;
      metric.push(value ? 1 : 0);
    } else {
      metric.errors++;
    }
  }

  /**
   * The statistics of everything added: one record per metric (each of `metricsUsed`, even without scores, then every
   * other metric scored) and the run's totals. Throws ValidationError when the costs add up beyond the largest double.
   */
  result(runId: string, metricsUsed: readonly string[] = [], computedAt = new Date()): RunStatistics {
    const metrics: RunMetricRecord[] = [];
    // Scores are keyed by the stored (encoded) name, as items are read back; the records name metrics as given, as
    // metricsUsed does, since inserting them encodes again (a name with NUL or U+FDD0 was stored twice encoded, apart
    // from its metricsUsed row).
    const names = [...new Set([...metricsUsed, ...[...this.metrics.keys()].map(decodeText)])];
    for (const metricName of names) {
      const m = this.metrics.get(encodeText(metricName)) ?? new MetricValues();
      const sample = m.sample;
      const s = summarize(sample);
      metrics.push({
        runId,
        metricName,
        metricType: m.type,
        mean: finiteOrNull(s?.mean),
        median: finiteOrNull(s?.median),
        stdDev: finiteOrNull(s?.stdDev),
        min: finiteOrNull(s?.min),
        max: finiteOrNull(s?.max),
        percentiles: allFinite(s?.percentiles, (p) => Object.values(p)),
        histogram: allFinite(s ? histogram(sample, s.min, s.max) : null, (h) => h.edges),
        totalEvaluated: m.seen,
        successfulEvaluations: m.length,
        failedEvaluations: m.errors,
        computedAt,
      });
    }
    if (!Number.isFinite(this.cost)) {
      // Each cost is finite (addItems checks), so only their sum can overflow. total_cost has no "unknown" (it is a
      // sum, 0 for no costs), and a made-up figure would be wrong: the run is refused, naming the field to fix.
      throw new ValidationError(
        "The items' costs add up to more than the largest number that can be stored (about 1.8e308), so the run's total " +
          'cost cannot be stored. Check the cost of the items (it is a price per item, e.g. 0.0021).',
        'cost',
      );
    }
    const { rtMin, rtMax, total, successful } = this;
    const rtCount = this.responseTimes.length;
    // The exact mean (math.fsum over the count), as every other mean: a running sum of forty 0.1 s gave
    // 0.10000000000000005. Finite for finite times, in any order, so every path that computes it agrees.
    const rtMean = this.responseTimes.mean();
    const totals: RunTotals = {
      totalItems: total,
      successfulItems: successful,
      failedItems: this.failed,
      successRate: total === 0 ? 0 : successful / total,
      avgResponseTime: rtCount ? rtMean : null,
      minResponseTime: rtCount ? rtMin : null,
      maxResponseTime: rtCount ? rtMax : null,
      totalTokens: this.tokens,
      totalCost: this.cost,
    };
    return { metrics, totals };
  }
}
