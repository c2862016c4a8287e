import { pairedPermutationTest } from './permutation';

const { abs } = Math; // a global lookup per call is slow under Jest's sandbox

/** p by brute force over all 2^n sign patterns, summing each pattern in full. */
function bruteForce(diffs: number[]): number {
  const n = diffs.length;
  const observed = abs(diffs.reduce((a, b) => a + b, 0));
  let extreme = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += mask & (1 << i) ? -diffs[i]! : diffs[i]!;
    if (abs(sum) >= observed - 1e-9) extreme++;
  }
  return extreme / 2 ** n;
}

describe('pairedPermutationTest', () => {
  it('gives 2 / 2^n when every difference is the same positive value', () => {
    expect(pairedPermutationTest([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])).toEqual({ pValue: 2 / 64, method: 'exact' });
    expect(pairedPermutationTest(new Array(20).fill(0.1)).pValue).toBe(2 / 2 ** 20);
  });

  it('gives p = 1 for symmetric differences and for none', () => {
    expect(pairedPermutationTest([1, -1, 2, -2, 0.3, -0.3]).pValue).toBe(1);
    expect(pairedPermutationTest([])).toEqual({ pValue: 1, method: 'exact' });
  });

  it("matches SciPy's exact permutation test on Darwin's data and a brute-force count", () => {
    const darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    // scipy.stats.permutation_test((d,), mean, permutation_type='samples', n_resamples=inf): 1726 / 2^15
    expect(pairedPermutationTest(darwin).pValue).toBe(0.05267333984375);
    const odd = [0.1, 0.2, -0.3, 0.7, -0.05, 0.15, 0.2, -0.1, 0.3];
    expect(pairedPermutationTest(odd).pValue).toBe(bruteForce(odd));
  });

  it('uses Monte Carlo above n = 20, deterministic for a seed and close to the exact value', () => {
    const diffs = Array.from({ length: 21 }, (_, i) => Math.cos(i * 1.7) + 0.25);
    const exact = bruteForce(diffs);
    const a = pairedPermutationTest(diffs, { iterations: 20_000, seed: 9 });
    expect(a.method).toBe('monte-carlo');
    expect(pairedPermutationTest(diffs, { iterations: 20_000, seed: 9 })).toEqual(a);
    // binomial standard error of the estimate
    const se = Math.sqrt((exact * (1 - exact)) / 20_000);
    expect(Math.abs(a.pValue - exact)).toBeLessThan(4 * se + 1 / 20_001);
  });

  it('keeps large and small differences apart: the tie tolerance is rounding-sized, not a share of the sum', () => {
    // Extreme patterns are only all-plus and all-minus (|sum| = 2e9 + 1); 2e9 (0.5s cancelling) is not one.
    expect(pairedPermutationTest([1e9, 1e9, 0.5, 0.5]).pValue).toBe(0.125);
    expect(pairedPermutationTest([0.5, 0.5, 1e-9, 1e-9]).pValue).toBe(0.125);
    // Still counts ties that only rounding separates: 0.1 + 0.2 + 0.3 summed in another order is 0.6, not 0.6000000000000001.
    expect(pairedPermutationTest([0.1, 0.2, 0.3]).pValue).toBe(0.25);
    expect(pairedPermutationTest([0.1, 0.2, -0.3]).pValue).toBe(1);
  });

  it('never reports p = 0 by Monte Carlo: (count + 1) / (iterations + 1)', () => {
    const r = pairedPermutationTest(new Array(40).fill(1), { iterations: 999 });
    expect(r).toEqual({ pValue: 1 / 1000, method: 'monte-carlo' });
  });

  it('gives NaN, not p = 0, for a NaN or infinite difference (nothing can be said from it)', () => {
    for (const bad of [NaN, Infinity]) {
      expect(pairedPermutationTest([bad, 1, 2, 3]).pValue).toBeNaN();
      expect(pairedPermutationTest([bad, ...Array.from({ length: 30 }, (_, i) => i + 1)]).pValue).toBeNaN();
    }
  });
});
