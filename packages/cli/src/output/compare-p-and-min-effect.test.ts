import type { ComparisonResult, MetricComparison } from '@llm-eval/search';
import { comparisonMarkdown } from './compare-markdown';
import { metricTableLines } from './compare-metric-table';
import { colors } from './color';
import { metricRows, verdictRule } from './compare-rows';
import { pValue } from './item-cells';

const metric = (over: Partial<MetricComparison>): MetricComparison => ({
  metric: 'score',
  kind: 'numeric',
  lowerIsBetter: false,
  pairs: 200,
  informativePairs: 200,
  meanA: 0.5,
  meanB: 0.53,
  difference: 0.03,
  ci: { low: 0.02, high: 0.04, confidence: 0.95 },
  pValue: 0.00001,
  pValueAdjusted: 0.00001,
  test: 'wilcoxon-signed-rank',
  verdict: 'not_significant',
  ...over,
});

function result(metrics: MetricComparison[], minEffect: number, alpha = 0.05): ComparisonResult {
  const delta = { a: null, b: null, absolute: null, relative: null };
  return {
    runA: { id: 'aaaaaaaa-0000-4000-8000-000000000000', name: 'a' },
    runB: { id: 'bbbbbbbb-0000-4000-8000-000000000000', name: 'b' },
    summary: { successRate: delta, durationSeconds: delta, avgResponseTime: delta, totalTokens: delta, totalCost: delta },
    metrics,
    success: { ...metrics[0]!, metric: 'success', informativePairs: 0, verdict: 'unchanged' },
    significance: { alpha, correction: 'holm', minimumPairs: 6 },
    items: { primaryMetric: 'score', counts: { improved: 0, regressed: 0, unchanged: 0, withoutScore: 0, onlyInA: 0, onlyInB: 0 }, improved: [], regressed: [], onlyInA: [], onlyInB: [] },
    options: { metrics: ['score'], confidence: 1 - alpha, minEffect, lowerIsBetter: [], primaryMetric: 'score', itemLimit: 5 },
    fromCache: false,
    computedAt: '2026-12-06T00:00:00.000Z',
  };
}

describe('p-values are never rounded across alpha', () => {
  it('print as many digits as keep them on their side of alpha (p = 0.04971 printed "0.050" beside "improved")', () => {
    expect(pValue(0.04971, 0.05)).toBe('0.0497');
    expect(pValue(0.049996, 0.05)).toBe('0.049996');
    expect(pValue(0.0500001, 0.05)).toBe('0.050');
    expect(pValue(0.05, 0.05)).toBe('0.050');
    expect(pValue(0.00999, 0.01)).toBe('0.00999');
    expect(pValue(0.0009996, 0.001)).toBe('9.996e-4');
    expect(pValue(0.0012, 0.001)).toBe('0.001');
    expect(pValue(0.001, 0.001)).toBe('0.001');
    // Below alpha < 0.0001 "<0.0001" would hide which side p is on: the number is printed then.
    expect(pValue(0.00005, 1e-6)).toBe('5.0e-5');
    expect(pValue(5e-7, 1e-6)).toBe('<0.0001');
    expect(pValue(0.00000002, 0.05)).toBe('<0.0001');
    // Away from alpha, as before.
    expect(pValue(0.042, 0.05)).toBe('0.042');
    expect(pValue(0.00031, 0.05)).toBe('3.1e-4');
  });

  it('in the table and the Markdown, p and adj. p alike', () => {
    const r = result([metric({ pValue: 0.04971, pValueAdjusted: 0.04971, verdict: 'improved' })], 0);
    expect(metricRows(r.metrics, r.significance.alpha, 0)[0]!.slice(7, 9)).toEqual(['0.0497', '0.0497']);
    expect(metricTableLines(r, colors(false)).join('\n')).toMatch(/│ 0\.0497 +│ 0\.0497 +│ improved/);
    expect(comparisonMarkdown(r, 5)).toContain('| 0.0497 | 0.0497 | **improved** |');
  });
});

describe('not significant with a minimum effect', () => {
  // A change with adj. p 1e-5 and a 95% CI of [+0.02, +0.04] is real but does not clear minEffect 0.05: "not
  // significant" beside p <0.0001 read as "no change shown", which is false.
  it('says "not significant beyond ±minEffect" in the table, the Markdown and the legend', () => {
    const r = result([metric({})], 0.05);
    expect(metricRows(r.metrics, 0.05, 0.05)[0]![9]).toBe('not significant beyond ±0.05');
    const table = metricTableLines(r, colors(false)).join('\n');
    expect(table).toContain('│ not significant beyond ±0.05 │');
    expect(verdictRule(r)).toContain('not significant beyond ±0.05: no change larger than the minimum effect shown, none ruled out');
    expect(verdictRule(r)).not.toContain('not significant: no change shown');
    expect(table).toContain(verdictRule(r));
    const markdown = comparisonMarkdown(r, 5);
    expect(markdown).toContain('| not significant beyond ±0.05 |');
    expect(markdown).toContain(verdictRule(r));
  });

  it('keeps "not significant: no change shown" without a minimum effect', () => {
    const r = result([metric({ pValue: 0.3, pValueAdjusted: 0.3 })], 0);
    expect(metricRows(r.metrics, 0.05, 0)[0]![9]).toBe('not significant');
    expect(verdictRule(r)).toContain('not significant: no change shown, none ruled out');
  });
});
