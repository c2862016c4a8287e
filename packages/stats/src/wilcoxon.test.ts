import { wilcoxonSignedRank } from './wilcoxon';
import { normalCdf } from './normal';

describe('wilcoxonSignedRank', () => {
  it("matches SciPy's exact test on Darwin's Zea mays differences", () => {
    const darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const r = wilcoxonSignedRank(darwin);
    // SciPy reports min(W+, W-) = 24; W+ = 120 - 24 = 96. p = 2 * 676 / 2^15.
    expect(r).toEqual({ statistic: 96, n: 15, pValue: 0.041259765625, method: 'exact' });
    expect(r.pValue).toBeCloseTo(0.04125976562499999, 15);
  });

  it('drops zero differences and enumerates a small case by hand', () => {
    // non-zero: -1, 2, 3, 4 -> ranks 1..4, W+ = 9. Subsets of {1,2,3,4} summing to >= 9: {2,3,4}, {1,2,3,4}.
    expect(wilcoxonSignedRank([-1, 2, 3, 0, 4])).toEqual({ statistic: 9, n: 4, pValue: (2 * 2) / 16, method: 'exact' });
    // all five positive: only the full set reaches W+ = 15, so p = 2 / 32
    expect(wilcoxonSignedRank([5, 4, 3, 2, 1]).pValue).toBe(0.0625);
    expect(wilcoxonSignedRank([1, -1]).pValue).toBe(1);
  });

  it('uses the exact distribution up to n = 50 (SciPy exact)', () => {
    const d = Array.from({ length: 50 }, (_, k) => (k % 5 === 4 ? -(k + 1) : k + 1));
    const r = wilcoxonSignedRank(d);
    expect(r.method).toBe('exact');
    expect(r.statistic).toBe(1275 - 275);
    expect(r.pValue / 0.0003107899432901462).toBeCloseTo(1, 12);
  });

  it('uses the normal approximation above n = 50, matching the formula and SciPy', () => {
    // 1..60 with multiples of 7 negated: W- = 7 * (1 + ... + 8) = 252, W+ = 1830 - 252 = 1578
    const d = Array.from({ length: 60 }, (_, k) => ((k + 1) % 7 === 0 ? -(k + 1) : k + 1));
    const r = wilcoxonSignedRank(d);
    const mean = (60 * 61) / 4;
    const sd = Math.sqrt((60 * 61 * 121) / 24);
    const z = (1578 - mean - 0.5) / sd;
    expect(r).toMatchObject({ statistic: 1578, n: 60, method: 'normal' });
    expect(r.pValue).toBeCloseTo(2 * normalCdf(-z), 15);
    // scipy.stats.wilcoxon(d, method='approx', correction=True)
    expect(r.pValue / 1.0767760477309486e-6).toBeCloseTo(1, 10);
  });

  it('averages tied ranks and corrects the variance for ties', () => {
    // |d| ranks: 0.5 -> 1; 1,1,1 -> 3; 2,2 -> 5.5; 3 -> 7; 4,4,4 -> 9; 5 -> 11. W- = 3 + 1 = 4, W+ = 62.
    const r = wilcoxonSignedRank([1, 1, -1, 2, 2, 3, -0.5, 4, 4, 4, 0, 5]);
    expect(r).toMatchObject({ statistic: 62, n: 11, method: 'normal' });
    const variance = (11 * 12 * 23) / 24 - (24 + 6 + 24) / 48;
    expect(r.pValue).toBeCloseTo(2 * normalCdf(-(62 - 33 - 0.5) / Math.sqrt(variance)), 15);
    // scipy.stats.wilcoxon(..., zero_method='wilcox', method='approx', correction=True)
    expect(r.pValue / 0.010918313925138605).toBeCloseTo(1, 10);
  });

  it('gives p = 1 when every difference is zero', () => {
    expect(wilcoxonSignedRank([0, 0, 0])).toEqual({ statistic: 0, n: 0, pValue: 1, method: 'exact' });
  });
});
