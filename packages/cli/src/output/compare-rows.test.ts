import type { MetricComparison } from '@llm-eval/search';
import { metricRows, summaryRows } from './compare-rows';
import { signed } from './format';

const metric = (difference: number | null, low: number | null, high: number | null): MetricComparison => ({
  metric: 'score',
  kind: 'numeric',
  lowerIsBetter: false,
  pairs: 10,
  informativePairs: 10,
  meanA: 1e308,
  meanB: -1e308,
  difference,
  ci: { low, high, confidence: 0.95 },
  pValue: 0.002,
  pValueAdjusted: 0.002,
  test: 'wilcoxon-signed-rank',
  verdict: 'regressed',
});

describe('compare table numbers', () => {
  it('never prints NaN as a change (it printed "−NaN"); a change beyond the largest double is ±∞', () => {
    expect(signed(Number.NaN)).toBe('–');
    expect(signed(-Infinity)).toBe('−∞');
    expect(signed(Infinity, 1)).toBe('+∞');
    expect(signed(-0.3)).toBe('−0.300');
    expect(signed(0)).toBe('+0.000');
    const [row] = metricRows([metric(Number.NaN, Number.NaN, Number.NaN)]);
    expect(row!.slice(5, 7)).toEqual(['–', '–']);
    const [beyond] = metricRows([metric(-Infinity, -Infinity, -Infinity)]);
    expect(beyond!.slice(5, 7)).toEqual(['−∞', '[−∞, −∞]']);
  });

  it('prints relative changes the same way', () => {
    const delta = (relative: number | null) => ({ a: 1, b: 2, absolute: 1, relative });
    const rows = summaryRows({
      successRate: delta(Number.NaN),
      durationSeconds: delta(Infinity),
      avgResponseTime: delta(-0.125),
      totalTokens: delta(null),
      totalCost: delta(0.5),
    });
    expect(rows.map((r) => r[4])).toEqual(['–', '+∞%', '−12.5%', '–', '+50.0%']);
  });
});
