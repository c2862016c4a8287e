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

/**
 * The item's own score for the metric, or undefined. Own properties only: scores and metricErrors are plain objects,
 * and a metric may be named "constructor" or "toString", which every plain object answers from Object.prototype.
 * @internal
 */
export function ownScore(item: ItemResult, name: string): number | boolean | undefined {
  return Object.hasOwn(item.scores, name) ? item.scores[name] : undefined;
}

/** True when the metric failed on the item (an own entry of its metricErrors; see ownScore). @internal */
export function hasMetricError(item: ItemResult, name: string): boolean {
  return Object.hasOwn(item.metricErrors, name) && item.metricErrors[name] !== undefined;
}

/**
 * Metric statistics keyed by metric name, each an own enumerable data property (Object.fromEntries defines, where an
 * assignment to a key such as "__proto__" would set the prototype). @internal
 */
export function metricStatsRecord(entries: Iterable<readonly [string, MetricStats]>): Record<string, MetricStats> {
  return Object.fromEntries(entries);
}

/** Per-metric statistics; booleans count as 1/0. @internal */
export function computeMetricStats(items: readonly ItemResult[], metricNames: readonly string[]): Record<string, MetricStats> {
  return metricStatsRecord(
    metricNames.map((name) => {
      const values: number[] = [];
      let errors = 0;
      for (const item of items) {
        const v = ownScore(item, name);
        if (v !== undefined) values.push(scoreValue(v));
        else if (hasMetricError(item, name)) errors++;
      }
      return [name, metricStatsOf(values, errors)] as const;
    }),
  );
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
