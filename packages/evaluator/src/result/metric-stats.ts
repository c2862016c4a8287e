import { summarize, type Percentiles } from '@llm-eval/stats';
import type { ItemResult } from '../run/item-result';

/** Statistics of one metric over a run's successful items. */
export interface MetricStats {
  mean: number | null;
  /** Sample standard deviation (n - 1), as the Python tool reports it. */
  std: number | null;
  min: number | null;
  max: number | null;
  median: number | null;
  percentiles: Percentiles | null;
  /** Items the metric scored. */
  count: number;
  /** Items where the metric failed. */
  errors: number;
  /** count / (count + errors). */
  successRate: number;
}

/** A score as a number: booleans count as 1/0. @internal */
export function scoreValue(v: number | boolean): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** One metric's statistics from its scored values (any order) and its error count. @internal */
export function metricStatsOf(values: Float64Array | number[], errors: number): MetricStats {
  const s = summarize(values);
  return {
    mean: s?.mean ?? null,
    std: s?.stdDev ?? null,
    min: s?.min ?? null,
    max: s?.max ?? null,
    median: s?.median ?? null,
    percentiles: s?.percentiles ?? null,
    count: values.length,
    errors,
    successRate: values.length + errors === 0 ? 0 : values.length / (values.length + errors),
  };
}

/** Per-metric statistics; booleans count as 1/0. @internal */
export function computeMetricStats(items: readonly ItemResult[], metricNames: readonly string[]): Record<string, MetricStats> {
  const stats: Record<string, MetricStats> = {};
  for (const name of metricNames) {
    const values: number[] = [];
    let errors = 0;
    for (const item of items) {
      const v = item.scores[name];
      if (v !== undefined) values.push(scoreValue(v));
      else if (item.metricErrors[name] !== undefined) errors++;
    }
    stats[name] = metricStatsOf(values, errors);
  }
  return stats;
}

/** Response-time statistics in seconds over every item. */
export interface TimingStats {
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  p95: number | null;
  totalSeconds: number;
}

/** Timing statistics from response times (any order) and their sum. @internal */
export function timingStatsOf(times: Float64Array | number[], totalSeconds: number): TimingStats {
  const s = summarize(times);
  return {
    mean: s?.mean ?? null,
    median: s?.median ?? null,
    min: s?.min ?? null,
    max: s?.max ?? null,
    p95: s?.percentiles.p95 ?? null,
    totalSeconds,
  };
}

/** Timing statistics. @internal */
export function computeTimingStats(items: readonly ItemResult[]): TimingStats {
  return timingStatsOf(
    items.map((i) => i.responseTime),
    items.reduce((sum, i) => sum + i.responseTime, 0),
  );
}
