import type { RunMetricJson } from '../../api/types';
import { formatScore } from '../format';

/** One bar of a metric's histogram. */
export interface HistogramBin {
  label: string;
  count: number;
}

/** A metric scored pass/fail (its stored type, or only 0/1 values). */
export function isBooleanMetric(metric: RunMetricJson): boolean {
  return metric.metricType === 'boolean';
}

/** Pass and fail counts of a boolean metric: its mean is the pass rate of the scored items. */
export function passFail(metric: RunMetricJson): { pass: number; fail: number } {
  const n = metric.successfulEvaluations;
  const pass = metric.mean === null ? 0 : Math.round(metric.mean * n);
  return { pass, fail: n - pass };
}

/** The stored histogram JSON ({ edges: n+1 numbers, counts: n numbers }) when it has that shape, else null. */
function readHistogram(json: Record<string, unknown> | null): { edges: number[]; counts: number[] } | null {
  if (!json) return null;
  const { edges, counts } = json as { edges?: unknown; counts?: unknown };
  if (!Array.isArray(edges) || !Array.isArray(counts)) return null;
  if (!edges.every((e) => typeof e === 'number') || !counts.every((c) => typeof c === 'number')) return null;
  if (counts.length === 0 || edges.length !== counts.length + 1) return null;
  return { edges: edges as number[], counts: counts as number[] };
}

/**
 * The bars to draw for a metric: fail/pass for a boolean metric, otherwise one bar per stored histogram bin labelled
 * with its range (a metric whose scores are all equal has a single bin, labelled with the value). Empty when the
 * metric has no scores.
 */
export function histogramBins(metric: RunMetricJson): HistogramBin[] {
  if (isBooleanMetric(metric)) {
    if (metric.successfulEvaluations === 0) return [];
    const { pass, fail } = passFail(metric);
    return [
      { label: 'fail', count: fail },
      { label: 'pass', count: pass },
    ];
  }
  const histogram = readHistogram(metric.histogram);
  if (!histogram) return [];
  return histogram.counts.map((count, i) => {
    const from = histogram.edges[i]!;
    const to = histogram.edges[i + 1]!;
    return { label: from === to ? formatScore(from) : `${formatScore(from)}–${formatScore(to)}`, count };
  });
}
