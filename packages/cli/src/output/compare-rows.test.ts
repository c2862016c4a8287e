import type { ComparisonResult, MetricComparison } from '@llm-eval/search';
import { comparisonMarkdown } from './compare-markdown';
import { metricTableLines } from './compare-metric-table';
import { colors } from './color';
import { itemCountsLine, metricRows, noIntervalNote, noPairsNote, summaryRows } from './compare-rows';
import { signed, signedChange } from './format';

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

/** A comparison of one metric whose 3 items each went 0 → 1 (the CI was printed [+1.000, +1.000] beside p 0.250). */
function constantShift(): ComparisonResult {
  const m: MetricComparison = {
    ...metric(1, null, null),
    meanA: 0,
    meanB: 1,
    pairs: 3,
    informativePairs: 3,
    kind: 'boolean',
    test: 'mcnemar-exact',
    pValue: 0.25,
    pValueAdjusted: null,
    verdict: 'insufficient_data',
    ci: { low: null, high: null, confidence: 0.95, reason: 'constant-differences' },
  };
  const delta = { a: null, b: null, absolute: null, relative: null };
  return {
    runA: { id: 'aaaaaaaa-0000-4000-8000-000000000000', name: 'a' },
    runB: { id: 'bbbbbbbb-0000-4000-8000-000000000000', name: 'b' },
    summary: { successRate: delta, durationSeconds: delta, avgResponseTime: delta, totalTokens: delta, totalCost: delta },
    metrics: [m],
    success: { ...m, metric: 'success', informativePairs: 0, verdict: 'unchanged' },
    significance: { alpha: 0.05, correction: 'holm', minimumPairs: 6 },
    items: { primaryMetric: 'score', counts: { improved: 3, regressed: 0, unchanged: 0, withoutScore: 1, onlyInA: 0, onlyInB: 0 }, improved: [], regressed: [], onlyInA: [], onlyInB: [] },
    options: { metrics: ['score'], confidence: 0.95, minEffect: 0, lowerIsBetter: [], primaryMetric: 'score', itemLimit: 5 },
    fromCache: false,
    computedAt: '2026-12-05T00:00:00.000Z',
  };
}

describe('a metric without an interval', () => {
  it('shows no interval, with the reason, where every pair differs by the same amount (table and Markdown)', () => {
    const result = constantShift();
    const [row] = metricRows(result.metrics);
    expect(row![6]).toBe('– (all Δ equal)');
    expect(row!.join(' ')).not.toContain('[+1.000');
    expect(noIntervalNote(result)).toBe(
      'CI – (all Δ equal): every pair of score differs by the same amount, so there is no spread to make an interval from; p is the exact test\'s, and an improved or regressed verdict weighs Δ itself (unchanged needs an interval).',
    );
    const c = colors(false);
    const table = metricTableLines(result, c).join('\n');
    expect(table).toContain('– (all Δ equal)');
    expect(table).toContain(noIntervalNote(result)!);
    const markdown = comparisonMarkdown(result, 5);
    expect(markdown).toContain('| – (all Δ equal) |');
    expect(markdown).toContain(noIntervalNote(result)!);
    // Too few pairs shows the plain mark: the pairs column says why.
    expect(metricRows([{ ...metric(1, null, null), ci: { low: null, high: null, confidence: 0.95, reason: 'too-few-pairs' } }])[0]![6]).toBe('–');
  });
});

describe('items without a score in both runs', () => {
  it('are counted on their own in the items line, not as unchanged', () => {
    expect(itemCountsLine(constantShift())).toBe('3 improved · 0 regressed · 0 unchanged · 1 without a score in A or B · 0 only in A · 0 only in B');
    const none = constantShift();
    none.items.counts.withoutScore = 0;
    expect(itemCountsLine(none)).toBe('3 improved · 0 regressed · 0 unchanged · 0 only in A · 0 only in B');
    expect(comparisonMarkdown(constantShift(), 5)).toContain('Items: 3 improved · 0 regressed · 0 unchanged · 1 without a score in A or B · 0 only in A · 0 only in B.');
  });

  it('says why a metric has no verdict when no paired item has its score in both runs (every item errored)', () => {
    const result = constantShift();
    result.metrics = [{ ...result.metrics[0]!, pairs: 0, informativePairs: 0, meanA: null, meanB: null, difference: null, pValue: null, test: 'none', ci: { low: null, high: null, confidence: 0.95, reason: 'too-few-pairs' } }];
    result.items.counts = { improved: 0, regressed: 0, unchanged: 0, withoutScore: 8, onlyInA: 0, onlyInB: 0 };
    const note = 'No verdict for score: none of the 8 items in both runs has its score in both (the task failed, or the metric errored, in A or B).';
    expect(noPairsNote(result)).toBe(note);
    expect(metricTableLines(result, colors(false)).join('\n')).toContain(note);
    expect(comparisonMarkdown(result, 5)).toContain(note);
  });

  it('says there is nothing to pair when no item is in both runs (the note named only metrics one run lacks)', () => {
    const result = constantShift();
    const none = { pairs: 0, informativePairs: 0, meanA: null, meanB: null, difference: null, pValue: null, test: 'none' as const, ci: { low: null, high: null, confidence: 0.95, reason: 'too-few-pairs' as const } };
    result.metrics = [
      { ...result.metrics[0]!, ...none, metric: 'exact_match', verdict: 'insufficient_data' },
      { ...result.metrics[0]!, ...none, metric: 'solo', notScoredIn: 'B' },
    ];
    result.items.counts = { improved: 0, regressed: 0, unchanged: 0, withoutScore: 0, onlyInA: 4, onlyInB: 3 };
    expect(noPairsNote(result)).toBe(
      'No verdict for solo: it is not scored in run B. No verdict for exact_match: no item is in both runs (4 only in A, 3 only in B), so there is nothing to pair.',
    );
  });

  it('says a metric is not scored in one run, instead of blaming failed tasks or errored metrics', () => {
    const result = constantShift();
    const none = { pairs: 0, informativePairs: 0, meanA: null, meanB: null, difference: null, pValue: null, test: 'none' as const, ci: { low: null, high: null, confidence: 0.95, reason: 'too-few-pairs' as const } };
    result.metrics = [
      { ...result.metrics[0]!, ...none, metric: 'solo', notScoredIn: 'B' },
      { ...result.metrics[0]!, ...none, metric: 'errored' },
    ];
    result.items.counts = { improved: 0, regressed: 0, unchanged: 0, withoutScore: 10, onlyInA: 0, onlyInB: 0 };
    const note = noPairsNote(result);
    expect(note).toBe(
      'No verdict for solo: it is not scored in run B. No verdict for errored: none of the 10 items in both runs has its score in both (the task failed, or the metric errored, in A or B).',
    );
    expect(comparisonMarkdown(result, 5)).toContain('No verdict for solo: it is not scored in run B.');
  });
});

describe('changes on a small scale', () => {
  it('print enough significant digits to show they are not 0 (they printed Δ −0.000 [−0.000, −0.000] beside "regressed")', () => {
    expect(signedChange(-0.00042)).toBe('−0.00042');
    expect(signedChange(0.00012345)).toBe('+0.000123');
    expect(signedChange(-4e-7)).toBe('−4e-7');
    expect(signedChange(0)).toBe('+0.000');
    expect(signedChange(-0.125)).toBe('−0.125');
    expect(signedChange(null)).toBe('–');
    const result = constantShift();
    result.metrics = [{ ...metric(-0.00042, -0.00071, -0.00013), meanA: 0.0031, meanB: 0.0027 }];
    result.items.regressed = [{ itemId: 'q1', statusA: 'completed', statusB: 'completed', deltas: { score: -0.0005 }, change: -0.0005, statusChanged: false }];
    result.items.counts.regressed = 1;
    const [row] = metricRows(result.metrics);
    expect(row!.slice(5, 7)).toEqual(['−0.00042', '[−0.00071, −0.00013]']);
    const table = metricTableLines(result, colors(false)).join('\n');
    expect(table).toContain('−0.00042');
    expect(table).toContain('[−0.00071, −0.00013]');
    const markdown = comparisonMarkdown(result, 5);
    expect(markdown).toContain('| −0.00042 | [−0.00071, −0.00013] |');
    expect(markdown).toContain('score=−0.0005');
    expect(markdown).not.toContain('−0.000 ');
  });
});
