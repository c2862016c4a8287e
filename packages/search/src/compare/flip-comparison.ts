import type { ComparisonResult, ItemChange, MetricComparison } from './comparison-types';
import { delta } from './compute-comparison';

/** An item change of (A, B) as one of (B, A). @internal */
export function flipItem(item: ItemChange): ItemChange {
  return {
    itemId: item.itemId,
    statusA: item.statusB,
    statusB: item.statusA,
    deltas: Object.fromEntries(Object.entries(item.deltas).map(([k, v]) => [k, -v])),
    change: -item.change,
    statusChanged: item.statusChanged,
  };
}

function flipMetric(m: MetricComparison): MetricComparison {
  const neg = (v: number | null) => (v === null ? null : -v);
  return {
    ...m,
    meanA: m.meanB,
    meanB: m.meanA,
    difference: neg(m.difference),
    ci: { low: neg(m.ci.high), high: neg(m.ci.low), confidence: m.ci.confidence, ...(m.ci.reason ? { reason: m.ci.reason } : {}) },
    ...(m.discordant ? { discordant: { b: m.discordant.c, c: m.discordant.b } } : {}),
    ...(m.testDirection !== undefined ? { testDirection: (0 - m.testDirection) as -1 | 0 | 1 } : {}),
    verdict: m.verdict === 'improved' ? 'regressed' : m.verdict === 'regressed' ? 'improved' : m.verdict,
    ...(m.notScoredIn ? { notScoredIn: m.notScoredIn === 'A' ? 'B' : m.notScoredIn === 'B' ? 'A' : 'both' } : {}),
  };
}

/**
 * The comparison of (B, A) from the comparison of (A, B): deltas change sign, intervals mirror, relative changes
 * are recomputed against the new baseline, and improved/regressed swap. p-values (raw and adjusted) are symmetric and stay.
 * @internal
 */
export function flipComparison(r: ComparisonResult): ComparisonResult {
  const s = r.summary;
  return {
    ...r,
    runA: r.runB,
    runB: r.runA,
    summary: {
      successRate: delta(s.successRate.b, s.successRate.a),
      durationSeconds: delta(s.durationSeconds.b, s.durationSeconds.a),
      avgResponseTime: delta(s.avgResponseTime.b, s.avgResponseTime.a),
      totalTokens: delta(s.totalTokens.b, s.totalTokens.a),
      totalCost: delta(s.totalCost.b, s.totalCost.a),
    },
    metrics: r.metrics.map(flipMetric),
    success: flipMetric(r.success),
    items: {
      primaryMetric: r.items.primaryMetric,
      counts: {
        improved: r.items.counts.regressed,
        regressed: r.items.counts.improved,
        unchanged: r.items.counts.unchanged,
        withoutScore: r.items.counts.withoutScore,
        onlyInA: r.items.counts.onlyInB,
        onlyInB: r.items.counts.onlyInA,
      },
      improved: r.items.regressed.map(flipItem),
      regressed: r.items.improved.map(flipItem),
      onlyInA: r.items.onlyInB,
      onlyInB: r.items.onlyInA,
    },
  };
}
