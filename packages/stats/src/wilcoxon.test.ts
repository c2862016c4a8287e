import { wilcoxonSignedRank } from './wilcoxon';
import { normalCdf } from './normal';
import { differenceTolerances, pairedDifferences } from './tolerance';

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

  it('uses the normal approximation above n = 300, matching the formula and SciPy', () => {
    // 1..310 with multiples of 7 negated: W- = 7 * (1 + ... + 44) = 6930, W+ = 48205 - 6930 = 41275
    const d = Array.from({ length: 310 }, (_, k) => ((k + 1) % 7 === 0 ? -(k + 1) : k + 1));
    const r = wilcoxonSignedRank(d);
    const mean = (310 * 311) / 4;
    const sd = Math.sqrt((310 * 311 * 621) / 24);
    const z = (41275 - mean - 0.5) / sd;
    expect(r).toMatchObject({ statistic: 41275, n: 310, method: 'normal' });
    expect(r.pValue).toBeCloseTo(2 * normalCdf(-z), 15);
    // scipy.stats.wilcoxon(d, method='approx', correction=True): without ties the lattice step of W+ is 1, so the
    // continuity correction is SciPy's 0.5
    expect(r.pValue / 1.5628821701195181e-27).toBeCloseTo(1, 9);
  });

  it('is exact from 51 to 300 pairs, ties or not (it was the normal approximation above 50)', () => {
    // Exact counts over all 2^n sign flips of the doubled mid-ranks, in Python integers (too many for SciPy's
    // PermutationMethod; the same function gives SciPy's 0.008392333984375 on the 16 tied differences below):
    //   r2 = (2 * scipy.stats.rankdata(np.abs(d))).astype(int); w = r2[d > 0].sum(); c = [1] + [0] * r2.sum()
    //   for r in r2: for s in range(len(c) - 1, r - 1, -1): c[s] += c[s - r]
    //   p = min(1, 2 * min(sum(c[:w + 1]), sum(c[w:])) / 2**n)
    const d60 = Array.from({ length: 60 }, (_, k) => ((k + 1) % 7 === 0 ? -(k + 1) : k + 1));
    expect(wilcoxonSignedRank(d60)).toMatchObject({ statistic: 1578, n: 60, method: 'exact' });
    expect(wilcoxonSignedRank(d60).pValue / 1.8951173152981227e-7).toBeCloseTo(1, 12);
    const tied60 = Array.from({ length: 60 }, (_, k) => ((k % 6) + 1) * 0.25 * (k % 5 === 0 ? -1 : 1));
    expect(wilcoxonSignedRank(tied60).pValue / 2.4640939826521546e-5).toBeCloseTo(1, 12);
    const tied300 = Array.from({ length: 300 }, (_, k) => ((k % 6) + 1) * 0.25 * (k % 4 === 0 ? -1 : 1));
    expect(wilcoxonSignedRank(tied300)).toMatchObject({ n: 300, method: 'exact' });
    expect(wilcoxonSignedRank(tied300).pValue / 4.777450725568326e-20).toBeCloseTo(1, 10);
  });

  it('66 equal |differences|, 41 up and 25 down: the exact p 0.064 (the sign test), not 0.049', () => {
    // Every mid-rank is 33.5, so W+ = 33.5 K with K ~ Binomial(66, 1/2): p = scipy.stats.binomtest(41, 66).pvalue
    // = 0.06401750413722565. The normal approximation with a continuity correction of 0.5 gave 0.04932 (a verdict).
    const r = wilcoxonSignedRank([...Array<number>(41).fill(0.25), ...Array<number>(25).fill(-0.25)]);
    expect(r).toMatchObject({ statistic: 41 * 33.5, n: 66, method: 'exact' });
    expect(r.pValue / 0.06401750413722565).toBeCloseTo(1, 12);
  });

  it('is exact with ties: the permutation distribution of the mid-ranks (SciPy PermutationMethod)', () => {
    // P = scipy.stats.PermutationMethod(n_resamples=np.inf); p = scipy.stats.wilcoxon(d, method=P).pvalue
    // [1, 1]: W+ = 3 is the largest of 4 equally likely sums, p = 2 / 4 (the normal approximation said 0.346).
    expect(wilcoxonSignedRank([1, 1])).toEqual({ statistic: 3, n: 2, pValue: 0.5, method: 'exact' });
    // All |d| tied: W+ = 6 K with K ~ Binomial(11, 1/2), p = 2 * 67 / 2048 = 0.0654296875 (normal: 0.039).
    const ones = wilcoxonSignedRank([1, 1, 1, -1, 1, 1, 1, 1, 1, -1, 1]);
    expect(ones).toEqual({ statistic: 54, n: 11, pValue: 0.0654296875, method: 'exact' });
    // |d| ranks: 0.5 -> 1; 1,1,1 -> 3; 2,2 -> 5.5; 3 -> 7; 4,4,4 -> 9; 5 -> 11. W- = 3 + 1 = 4, W+ = 62.
    expect(wilcoxonSignedRank([1, 1, -1, 2, 2, 3, -0.5, 4, 4, 4, 0, 5])).toEqual({ statistic: 62, n: 11, pValue: 0.0078125, method: 'exact' });
    const graded = [0.25, 0.25, -0.25, 0.5, 0.5, 0.5, 0.75, -0.5, 1, 0.25, 0.25, 0.5, -0.25, 0.75, 0.75, 1, 0.5, 0.25, -0.75, 0.5];
    expect(wilcoxonSignedRank(graded).pValue).toBe(0.007476806640625);
  });

  it('treats |differences| equal up to float noise as ties, so 0.6 − 0.5 and 0.2 − 0.1 rank alike', () => {
    const noisy = [0.6 - 0.5, 0.2 - 0.1, 0.3 - 0.2, -(0.4 - 0.3), 0.9 - 0.7, 0.5 - 0.3, 0.7 - 0.4, 0.75 - 0.45];
    // scipy.stats.wilcoxon(np.round(noisy, 10), method=P).pvalue = 0.0390625 (on the unrounded values SciPy
    // sees no ties and gives 0.046875)
    const r = wilcoxonSignedRank(noisy);
    expect(r).toEqual({ statistic: 33.5, n: 8, pValue: 0.0390625, method: 'exact' });
    expect(r).toEqual(wilcoxonSignedRank([0.1, 0.1, 0.1, -0.1, 0.2, 0.2, 0.3, 0.3]));
  });

  it('agrees with brute force over all 2^n sign assignments for tied data', () => {
    const d = [2, 2, -2, 1, 3, 3, 3, -1, 4, 2, 5, 5, -3, 2, 1, 6];
    const abs = d.map(Math.abs);
    const rank = abs.map((v) => abs.filter((w) => w < v).length + (abs.filter((w) => w === v).length + 1) / 2);
    const observed = rank.reduce((s, r, i) => s + (d[i]! > 0 ? r : 0), 0);
    let lower = 0;
    let upper = 0;
    for (let mask = 0; mask < 2 ** d.length; mask++) {
      let w = 0;
      for (let i = 0; i < d.length; i++) if (mask & (1 << i)) w += rank[i]!;
      if (w <= observed) lower++;
      if (w >= observed) upper++;
    }
    expect(wilcoxonSignedRank(d).pValue).toBe(Math.min(1, (2 * Math.min(lower, upper)) / 2 ** d.length));
  });

  it('uses the normal approximation with tie correction above n = 300, correcting for continuity by half the lattice step', () => {
    // 310 graded changes: the doubled mid-ranks' gcd is 1, so W+ moves in steps of 0.5 and the correction is 0.25 (SciPy's
    // 0.5 gives 5.099877091329844e-20). In Python: r = rankdata(|d|); g = gcd of 2r; var = n(n+1)(2n+1)/24 − Σ(t³ − t)/48;
    // p = 2 * norm.sf(max(0, |W+ − n(n+1)/4| − g/4) / sqrt(var))
    const d = Array.from({ length: 310 }, (_, k) => ((k % 6) + 1) * 0.25 * (k % 5 === 0 ? -1 : 1));
    const r = wilcoxonSignedRank(d);
    expect(r).toMatchObject({ statistic: 38523.5, method: 'normal' });
    expect(r.pValue / 5.092374674383213e-20).toBeCloseTo(1, 9);
    // 400 equal |differences|, 221 up: W+ moves in steps of 401 / 2, the correction is 100.25 and p is the sign test's
    // normal approximation with its continuity correction: 2 * norm.sf((221 - 200 - 0.5) / 10) = 0.04036443081140879
    // (scipy.stats.binomtest(221, 400).pvalue = 0.0402307; with a correction of 0.5 it was 0.0357).
    const tied = wilcoxonSignedRank([...Array<number>(221).fill(1), ...Array<number>(179).fill(-1)]);
    expect(tied).toMatchObject({ statistic: 221 * 200.5, n: 400, method: 'normal' });
    expect(tied.pValue / 0.04036443081140879).toBeCloseTo(1, 12);
  });

  it('gives p = 1 when every difference is zero', () => {
    expect(wilcoxonSignedRank([0, 0, 0])).toEqual({ statistic: 0, n: 0, pValue: 1, method: 'exact' });
  });

  it('propagates NaN as SciPy does, instead of ranking it as the largest positive difference', () => {
    // scipy.stats.wilcoxon([nan, 1, 2, 3, 4, 5, 6]) -> statistic nan, pvalue nan (nan_policy='propagate'); it was p = 0.03.
    const r = wilcoxonSignedRank([NaN, 1, 2, 3, 4, 5, 6]);
    expect(r.pValue).toBeNaN();
    expect(r.statistic).toBeNaN();
    expect(wilcoxonSignedRank([...Array.from({ length: 300 }, (_, i) => i + 1), NaN])).toMatchObject({ n: 301, method: 'normal', pValue: NaN });
  });

  it('ties equal infinite differences as SciPy ranks them', () => {
    // scipy.stats.wilcoxon([inf, -inf, 1, 2, 3, 4, 5], method=scipy.stats.PermutationMethod(n_resamples=np.inf)):
    // statistic 6.5 (= W-; W+ = 28 - 6.5), pvalue 0.234375; rankdata gives both infinities 6.5.
    expect(wilcoxonSignedRank([Infinity, -Infinity, 1, 2, 3, 4, 5])).toEqual({ statistic: 21.5, n: 7, pValue: 0.234375, method: 'exact' });
  });
  it('ties differences within the float noise of their scores (tieTolerances), as SciPy ranks them on paper', () => {
    // Changes 3, 1, −1, 4, 0, −3, 2, 4, 3, −2, 5, 3, 1 (× 1e-4) on scores near 0.5: B − A carries ~1e-16 of noise,
    // ~1e-12 of the change itself, so a relative tolerance ranked equal changes apart (p 0.048828125).
    // scipy.stats.wilcoxon(np.round(B - A, 12), method=scipy.stats.PermutationMethod(n_resamples=np.inf)).pvalue
    const a = [0.4748, 0.3166, 0.4231, 0.8944, 0.8488, 0.377, 0.5381, 0.8996, 0.2991, 0.3211, 0.4688, 0.4821, 0.7444];
    const b = [0.4751, 0.3167, 0.423, 0.8948, 0.8488, 0.3767, 0.5383, 0.9, 0.2994, 0.3209, 0.4693, 0.4824, 0.7445];
    const diffs = pairedDifferences(a, b, 1e-12);
    const tieTolerances = differenceTolerances(a, b, 1e-12);
    expect(wilcoxonSignedRank(diffs).pValue).toBe(0.048828125);
    expect(wilcoxonSignedRank(diffs, { tieTolerances })).toEqual({ statistic: 64, n: 12, pValue: 0.05224609375, method: 'exact' });
    // A difference within its tolerance of 0 is no difference, as pairedDifferences says.
    expect(wilcoxonSignedRank([1e-13, 1, 2], { tieTolerances: [1e-12, 1e-12, 1e-12] }).n).toBe(2);
    // The exact distribution of 60 changes of ±1e-4 and 2e-4 near 0.5 ranks them the same way.
    const a60 = Array.from({ length: 60 }, (_, i) => 0.4 + i * 0.0031);
    const b60 = a60.map((x, i) => Number((x + (i % 4 === 0 ? -1e-4 : i % 3 === 0 ? 2e-4 : 1e-4)).toFixed(4)));
    const r = wilcoxonSignedRank(pairedDifferences(a60, b60, 1e-12), { tieTolerances: differenceTolerances(a60, b60, 1e-12) });
    const onPaper = wilcoxonSignedRank(a60.map((x, i) => Math.round((b60[i]! - x) * 1e4)));
    expect(r).toEqual(onPaper);
    expect(r.method).toBe('exact');
  });

  it('keeps differences apart that differ by more than the noise: 1e-4 and 1.0001e-4 on scores near 0.001', () => {
    const a = [0.001, 0.0011, 0.0012, 0.0013, 0.0014, 0.0015];
    const b = [0.0009, 0.0012, 0.0013, 0.00140001, 0.00150001, 0.00160001];
    const r = wilcoxonSignedRank(pairedDifferences(a, b, 1e-12), { tieTolerances: differenceTolerances(a, b, 1e-12) });
    // scipy.stats.wilcoxon([-1, 1, 1, 1.0001, 1.0001, 1.0001], method=P): ranks 2, 2, 2, 5, 5, 5, p = 0.125
    expect(r).toEqual({ statistic: 19, n: 6, pValue: 0.125, method: 'exact' });
  });

  it('refuses tolerances that do not match the differences one to one', () => {
    expect(() => wilcoxonSignedRank([1, 2], { tieTolerances: [0] })).toThrow('tieTolerances must have one tolerance per difference, got 1 for 2 differences');
  });
});
