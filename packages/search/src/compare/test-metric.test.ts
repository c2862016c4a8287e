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

describe('Wilcoxon ranks of differences equal on paper', () => {
  // Scores with `decimals` decimals, from integers in their last decimal (x / 10^d is the double Python's float gives).
  const numeric = (decimals: number, a: number[], b: number[]) =>
    testMetric({ metric: 'x', kind: 'numeric', lowerIsBetter: false, pairs: a.map((x, i) => [x / 10 ** decimals, b[i]! / 10 ** decimals]), confidence: 0.95 });

  it('tie however the subtraction of the scores rounds (SciPy on the differences as written)', () => {
    // P = scipy.stats.PermutationMethod(n_resamples=np.inf); p = scipy.stats.wilcoxon(np.round(B - A, 12), method=P).pvalue
    // (exact counts in Python integers above 50 pairs). The noise of B − A is ~1e-16 of the scores, ~1e-12 of a 1e-4 change:
    // the 4-decimal case was ranked apart (p 0.3134765625), and so was the 3-decimal one near 50 (0.2734375).
    expect(numeric(2, [52, 55, 77, 94, 13, 22, 83, 94, 32, 37, 87, 47], [51, 58, 76, 94, 15, 23, 80, 91, 35, 40, 90, 48]).pValue).toBe(0.388671875);
    expect(numeric(3, [852, 335, 198, 368, 472, 831, 505, 182, 401, 639, 831, 754], [857, 332, 202, 364, 473, 829, 503, 184, 400, 640, 829, 751]).pValue).toBe(0.625);
    const large = numeric(3, [70370, 82449, 12038, 82713, 52196, 56378, 66720, 35721, 98156, 14853, 35012, 44502], [70371, 82449, 12035, 82709, 52192, 56374, 66717, 35726, 98153, 14855, 35015, 44500]);
    expect(large.pValue).toBe(0.2724609375);
    const four = numeric(4, [2596, 6061, 5621, 6996, 5192, 3914, 5596, 7024, 2751, 6534, 4152, 8072, 6326], [2596, 6057, 5617, 6994, 5193, 3914, 5600, 7021, 2753, 6533, 4154, 8068, 6325]);
    expect(four.pValue).toBe(0.3486328125);
    const a60 = [4954, 6444, 5010, 6741, 5923, 7087, 9609, 2356, 6054, 4962, 4221, 3155, 1470, 4622, 8434, 1870, 4654, 9709, 9562, 2934, 1068, 7045, 1128, 3703, 5473, 8865, 1835, 6959, 5796, 2184, 8609, 8604, 5343, 9503, 6461, 9134, 9644, 6126, 3527, 2308, 6065, 2731, 7751, 9350, 3208, 5970, 1442, 2624, 4394, 8955, 9724, 6773, 6250, 6126, 1545, 4386, 9848, 4698, 2919, 3155];
    const b60 = [4956, 6441, 5014, 6745, 5924, 7088, 9612, 2357, 6055, 4961, 4222, 3158, 1467, 4619, 8437, 1869, 4657, 9706, 9566, 2931, 1067, 7049, 1125, 3705, 5476, 8864, 1832, 6960, 5797, 2188, 8611, 8603, 5340, 9505, 6459, 9136, 9648, 6125, 3531, 2309, 6066, 2734, 7754, 9354, 3212, 5968, 1441, 2628, 4393, 8952, 9726, 6776, 6253, 6129, 1547, 4383, 9851, 4697, 2922, 3158];
    // 60 non-zero changes: exact up to 300 pairs now, by counting all 2^60 sign flips of the doubled mid-ranks in Python
    // integers (as wilcoxon.test.ts in @llm-eval/stats does; SciPy's PermutationMethod cannot enumerate 2^60). It was the
    // normal approximation, p = 0.003435974108648207 (and before that a wrong tie correction, 0.0038433126345534655).
    const sixty = numeric(4, a60, b60);
    expect(sixty.pValue! / 0.002933814246989531).toBeCloseTo(1, 12);
  });

  it('keep genuinely different differences apart: 1e-4 and 1.0001e-4 on scores near 0.001', () => {
    // Changes 1e-4 (three, one down) and 1.0001e-4 (three): two tie groups, not one of six.
    // scipy.stats.wilcoxon([-1e-4, 1e-4, 1e-4, 1.0001e-4, 1.0001e-4, 1.0001e-4], method=P).pvalue = 0.125 (all tied: 0.21875)
    const a = [0.001, 0.0011, 0.0012, 0.0013, 0.0014, 0.0015];
    const change = [-1e-4, 1e-4, 1e-4, 1.0001e-4, 1.0001e-4, 1.0001e-4];
    const m = testMetric({ metric: 'x', kind: 'numeric', lowerIsBetter: false, pairs: a.map((x, i) => [x, x + change[i]!]), confidence: 0.95 });
    expect(m.pValue).toBe(0.125);
  });
});
