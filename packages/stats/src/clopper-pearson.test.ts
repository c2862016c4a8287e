import { clopperPearsonBounds, clopperPearsonUpperGivenFewer } from './clopper-pearson';

// SciPy: lo = scipy.stats.beta.ppf(tail, k, n - k + 1) (0 for k = 0), hi = scipy.stats.beta.ppf(1 - tail, k + 1, n - k)
// (1 for k = n), the one-sided ends of scipy.stats.binomtest(k, n).proportion_ci(1 - 2 * tail, method='exact').
const CASES: Array<[number, number, number, number, number]> = [
  [9, 300, 0.025, 0.013807819555525977, 0.056183548241615776],
  [0, 300, 0.025, 0, 0.01222097469429355],
  [300, 300, 0.025, 0.9877790253057065, 1],
  [5, 10, 0.05, 0.2224411010081294, 0.7775588989918706],
  [1, 1, 0.1, 0.1, 1],
  [0, 1, 0.1, 0, 0.9],
  [37, 1000, 0.0025, 0.022354467276497505, 0.05700666131532114],
  [500, 100000, 0.001, 0.004338812811907481, 0.005728181603392082],
  [99990, 100000, 1e-6, 0.9996557632042139, 0.9999872313190414],
];

describe('clopperPearsonBounds', () => {
  it.each(CASES)('%i of %i at tail %p: SciPy exact bounds', (k, n, tail, low, high) => {
    const bounds = clopperPearsonBounds(k, n, tail);
    expect(bounds.low).toBeCloseTo(low, 12);
    expect(bounds.high).toBeCloseTo(high, 12);
    if (low > 0) expect(bounds.low / low).toBeCloseTo(1, 9);
    expect(bounds.high / high).toBeCloseTo(1, 9);
  });

  it('9 passes in 300: the 97.5% upper bound 0.0562 is above 0.05, where the t interval said 0.0494', () => {
    expect(clopperPearsonBounds(9, 300, 0.025).high).toBeGreaterThan(0.05);
  });

  it('refuses counts and tails outside their domain', () => {
    expect(() => clopperPearsonBounds(4, 3, 0.05)).toThrow('0 <= successes <= trials');
    expect(() => clopperPearsonBounds(1.5, 3, 0.05)).toThrow('0 <= successes <= trials');
    expect(() => clopperPearsonBounds(1, 0, 0.05)).toThrow('trials >= 1');
    expect(() => clopperPearsonBounds(1, 3, 0)).toThrow('tail must be strictly between 0 and 1, got 0');
  });
});

// SciPy: the p where scipy.stats.binom.cdf(k, n, p) / -numpy.expm1(n * numpy.log(p)) = tail (scipy.optimize.brentq,
// xtol 1e-17, rtol 1e-15), beside the Clopper–Pearson bound beta.ppf(1 - tail, k + 1, n - k).
const GIVEN_FEWER: Array<[number, number, number, number]> = [
  [9, 300, 0.025, 0.05618354824161581],
  [27, 300, 0.025, 0.12824250877329835],
  [290, 300, 0.025, 0.9839229612073984],
  [298, 300, 0.025, 0.9998313776441631],
  [5, 10, 0.05, 0.782621742948058],
  [0, 5, 0.1, 0.36991919400118],
  [18, 300, 0.0025, 0.10888619474717214],
];

describe('clopperPearsonUpperGivenFewer', () => {
  it.each(GIVEN_FEWER)('%i of %i at tail %p: SciPy', (k, n, tail, high) => {
    expect(clopperPearsonUpperGivenFewer(k, n, tail)).toBeCloseTo(high, 12);
    expect(clopperPearsonUpperGivenFewer(k, n, tail)).toBeGreaterThanOrEqual(clopperPearsonBounds(k, n, tail).high);
  });

  it('is 1 for n − 1 of n (the condition leaves nothing to rule out) and refuses n of n', () => {
    expect(clopperPearsonUpperGivenFewer(299, 300, 0.025)).toBe(1);
    expect(() => clopperPearsonUpperGivenFewer(3, 3, 0.05)).toThrow('0 <= successes < trials');
    expect(() => clopperPearsonUpperGivenFewer(1, 3, 1)).toThrow('tail must be strictly between 0 and 1, got 1');
  });
});
