import type { RunMetricRecord, RunWithMetrics } from '../src';

/** Relative closeness of two figures (absolute below 1): sums may differ in their last bits as their order does. */
export function closeTo(a: number | null, b: number | null, tolerance = 1e-9): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

const SUMMED = ['mean', 'stdDev'] as const;
const TOTALS_SUMMED = ['successRate', 'avgResponseTime', 'totalCost'] as const;
const TOTALS_EXACT = ['totalItems', 'successfulItems', 'failedItems', 'minResponseTime', 'maxResponseTime', 'totalTokens'] as const;

function comparableMetric(m: RunMetricRecord) {
  const { id: _id, computedAt: _at, ...rest } = m as RunMetricRecord & { id?: unknown };
  return rest;
}

/**
 * Differences between two stored runs' statistics: every figure equal, sums (means, standard deviations, averages,
 * total cost) within 1e-9 relative. Percentiles, medians, extremes and histograms exactly. Empty when equal.
 */
export function statisticsDifferences(actual: RunWithMetrics, expected: RunWithMetrics): string[] {
  const problems: string[] = [];
  for (const key of TOTALS_EXACT) if (actual[key] !== expected[key]) problems.push(`${key}: ${actual[key]} != ${expected[key]}`);
  for (const key of TOTALS_SUMMED) if (!closeTo(actual[key], expected[key])) problems.push(`${key}: ${actual[key]} != ${expected[key]}`);
  const byName = (ms: RunMetricRecord[]) => new Map(ms.map((m) => [m.metricName, comparableMetric(m)]));
  const a = byName(actual.metrics);
  const e = byName(expected.metrics);
  if ([...a.keys()].sort().join('|') !== [...e.keys()].sort().join('|')) problems.push(`metrics: ${[...a.keys()]} != ${[...e.keys()]}`);
  for (const [name, em] of e) {
    const am = a.get(name);
    if (!am) continue;
    for (const key of SUMMED) if (!closeTo(am[key], em[key])) problems.push(`${name}.${key}: ${am[key]} != ${em[key]}`);
    const exact = (m: typeof am) => JSON.stringify({ ...m, mean: undefined, stdDev: undefined });
    if (exact(am) !== exact(em)) problems.push(`${name}: ${exact(am)} != ${exact(em)}`);
  }
  return problems;
}
