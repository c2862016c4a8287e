import { testMetric } from './test-metric';

const pairsOf = (counts: { both?: number; aOnly?: number; bOnly?: number; neither?: number }): Array<[number, number]> => [
  ...Array.from({ length: counts.both ?? 0 }, (): [number, number] => [1, 1]),
  ...Array.from({ length: counts.aOnly ?? 0 }, (): [number, number] => [1, 0]),
  ...Array.from({ length: counts.bOnly ?? 0 }, (): [number, number] => [0, 1]),
  ...Array.from({ length: counts.neither ?? 0 }, (): [number, number] => [0, 0]),
];

describe('the interval of a pass/fail metric', () => {
  it('stays within the −1 to +1 a pass rate can move, where the t interval of two pairs reaches ±6.4', () => {
    const m = testMetric({ metric: 'exact_match', kind: 'boolean', lowerIsBetter: false, pairs: pairsOf({ both: 1, bOnly: 1 }), confidence: 0.95 });
    expect(m.difference).toBe(0.5);
    expect(m.ci).toEqual({ low: -1, high: 1, confidence: 0.95 });
    expect(m.verdict).toBe('insufficient_data');
  });

  it('is the t interval wherever that fits (SciPy: stats.t.interval(0.95, 29, loc=mean, scale=sem))', () => {
    const m = testMetric({ metric: 'exact_match', kind: 'boolean', lowerIsBetter: false, pairs: pairsOf({ bOnly: 7, neither: 20, aOnly: 3 }), confidence: 0.95 });
    expect(m.difference).toBeCloseTo(0.13333333333333333, 12);
    expect(m.ci.low).toBeCloseTo(-0.08001094243601059, 10);
    expect(m.ci.high).toBeCloseTo(0.34667760910267725, 10);
  });

  it('leaves a numeric metric\'s interval alone, however wide', () => {
    const m = testMetric({ metric: 'score', kind: 'numeric', lowerIsBetter: false, pairs: [[0, 0.5], [0, 1]], confidence: 0.95 });
    expect(m.ci.low).toBeLessThan(-1);
    expect(m.ci.high).toBeGreaterThan(1);
  });
});

describe('the mean difference Δ', () => {
  it('is meanB − meanA for extreme scores: the exact sum of every b and −a, not of rounded differences (it was −0.3)', () => {
    const a = [1e308, -1e308, 1e-308, 5e-324, 0, 1.7e308, -1.7e308, 0, 1e-320, 3];
    const b = a.map((_, i) => a[(i + 3) % 10]!); // the same scores on other items: equal means
    const m = testMetric({ metric: 'x', kind: 'numeric', lowerIsBetter: false, pairs: a.map((x, i) => [x, b[i]!]), confidence: 0.95 });
    expect(m).toMatchObject({ meanA: 0.3, meanB: 0.3, difference: 0 });
    // Python: float(sum(map(Fraction, b)) - sum(map(Fraction, a))) / 10 == 0.0
  });

  it('is the correctly rounded sum over n wherever the differences themselves round', () => {
    // 1 − 1e16 and 1e16 − 3 are not doubles: the rounded differences summed to −1.75 over six items, not 0.25.
    const pairs: Array<[number, number]> = [[1e16, 1], [3, 1e16], [0.5, 1], [0, 0.25], [1, 1.5], [2, 3]];
    const m = testMetric({ metric: 'x', kind: 'numeric', lowerIsBetter: false, pairs, confidence: 0.95 });
    // Python: float(sum(Fraction(b) - Fraction(a) for a, b in pairs) / 6) == math.fsum([*bs, *(-a for a in as)]) / 6
    expect(m.difference).toBe(0.041666666666666664);
    // math.fsum(b - a for a, b in pairs) / 6, the mean of the rounded differences, is −0.2916666666666667.
  });

  it('stays finite when the exact sum is beyond a double but the mean is not, and is ±Infinity only beyond', () => {
    const up: Array<[number, number]> = Array.from({ length: 4 }, () => [-1e308, 0]);
    expect(testMetric({ metric: 'x', kind: 'numeric', lowerIsBetter: false, pairs: up, confidence: 0.95 }).difference).toBe(1e308);
    const beyond: Array<[number, number]> = Array.from({ length: 4 }, () => [-1e308, 1e308]);
    expect(testMetric({ metric: 'x', kind: 'numeric', lowerIsBetter: false, pairs: beyond, confidence: 0.95 }).difference).toBe(Infinity);
  });
});

describe('the p-value of the mean (meanPValue)', () => {
  it('is the exact sign-flip p 2 / 2^n when every difference is the same, never 0', () => {
    // Ten items, each exactly +1: the t statistic is infinite; only "all up" and "all down" of the 2^10 sign patterns are
    // as extreme (SciPy: permutation_test((d,), np.mean, permutation_type='samples', n_resamples=inf).pvalue = 0.001953125).
    const pairs = Array.from({ length: 10 }, (_, i): [number, number] => [i, i + 1]);
    const m = testMetric({ metric: 'x', kind: 'numeric', lowerIsBetter: false, pairs, confidence: 0.95 });
    expect(m.meanPValue).toBe(0.001953125);
    const six = testMetric({ metric: 'x', kind: 'numeric', lowerIsBetter: false, pairs: pairs.slice(0, 6), confidence: 0.95 });
    expect(six.meanPValue).toBe(0.03125);
    const none = testMetric({ metric: 'x', kind: 'numeric', lowerIsBetter: false, pairs: pairs.map(([x]) => [x, x]), confidence: 0.95 });
    expect(none.meanPValue).toBe(1);
  });
});
