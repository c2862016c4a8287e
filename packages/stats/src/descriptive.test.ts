import { histogram, mean, quantileSorted, summarize } from './descriptive';
import { StatsArgumentError } from './errors';

describe('summarize', () => {
  it('matches textbook values (sample standard deviation, linear-interpolated percentiles)', () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9])!;
    expect(s.mean).toBe(5);
    expect(s.median).toBe(4.5);
    // population sd is 2; the sample (n-1) sd is sqrt(32/7)
    expect(s.stdDev).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect([s.min, s.max]).toEqual([2, 9]);
    // numpy.percentile([2,4,4,4,5,5,7,9], [25, 75, 90]) == [4.0, 5.5, 7.6]
    expect(s.percentiles.p25).toBeCloseTo(4, 12);
    expect(s.percentiles.p75).toBeCloseTo(5.5, 12);
    expect(s.percentiles.p90).toBeCloseTo(7.6, 12);
  });

  it('is NaN throughout for a sample holding NaN, as numpy (the median of [NaN, 1, 2] was 2 beside a NaN mean)', () => {
    // numpy.median / percentile / min / max / mean / std(ddof=1) of [nan, 1, 2] are all nan.
    for (const sample of [[NaN, 1, 2], [1, NaN, 2, 3], Float64Array.of(2, 1, NaN), [NaN], [NaN, Infinity, -Infinity]]) {
      const s = summarize(sample)!;
      expect(s.count).toBe(sample.length);
      expect([s.mean, s.median, s.stdDev, s.min, s.max, ...Object.values(s.percentiles)].every(Number.isNaN)).toBe(true);
    }
  });

  it('orders infinities as numpy does: min and max are them, a median next to one is it (np.median)', () => {
    // np.median([1, inf]) = inf, np.median([-inf, 1]) = -inf, np.median([-inf, inf]) = nan, np.median([-inf, 1, 2, 3, inf]) = 2;
    // np.std(ddof=1) is nan for all of them, np.mean inf, -inf, nan, nan.
    const cases: Array<[number[], number, number]> = [
      [[1, Infinity], Infinity, Infinity],
      [[-Infinity, 1], -Infinity, -Infinity],
      [[-Infinity, Infinity], NaN, NaN],
      [[3, 2, Infinity, 1, -Infinity], 2, NaN],
    ];
    for (const [sample, median, meanValue] of cases) {
      const s = summarize(sample)!;
      expect(s.median).toBe(median);
      expect(s.mean).toBe(meanValue);
      expect(s.stdDev).toBeNaN();
      expect([s.min, s.max]).toEqual([Math.min(...sample), Math.max(...sample)]);
    }
    // np.percentile([1, 2, inf], 25) = 1.5: between finite values, the usual interpolation.
    expect(summarize([1, 2, Infinity])!.percentiles.p25).toBe(1.5);
  });

  it('handles one value and no values', () => {
    expect(summarize([3])).toMatchObject({ mean: 3, stdDev: 0, median: 3, percentiles: { p99: 3 } });
    expect(summarize([])).toBeNull();
    expect(Number.isNaN(quantileSorted([], 0.5))).toBe(true);
  });
});

describe('histogram', () => {
  it('puts max in the last bin and counts every value once', () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1], 0, 1, 4);
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.counts).toEqual([2, 0, 1, 2]);
  });

  it('uses one bin when all values are equal', () => {
    expect(histogram([1, 1, 1], 1, 1)).toEqual({ edges: [1, 1], counts: [3] });
  });

  it('bins no NaN or infinity, and counts them in nonFinite (a NaN added a "NaN" property to counts)', () => {
    // numpy.histogram([1, 2, nan], bins=4, range=(1, 2)) leaves the NaN out too: counts [1, 0, 0, 1].
    const h = histogram([1, 2, NaN], 1, 2, 4);
    expect(h).toEqual({ edges: [1, 1.25, 1.5, 1.75, 2], counts: [1, 0, 0, 1], nonFinite: 1 });
    expect(Object.keys(h.counts)).toEqual(['0', '1', '2', '3']);
    expect(histogram([Infinity, 1, -Infinity, 2, NaN], 1, 2, 2)).toEqual({ edges: [1, 1.5, 2], counts: [1, 1], nonFinite: 3 });
    expect(histogram([1, NaN, 1], 1, 1)).toEqual({ edges: [1, 1], counts: [2], nonFinite: 1 });
    // No nonFinite key at all for a finite sample, so stored histograms keep their shape.
    expect(Object.keys(histogram([1, 2], 1, 2))).toEqual(['edges', 'counts']);
  });

  it('refuses a range that is not finite or reversed, and a bin count that is not a positive integer', () => {
    // numpy: "supplied range of [0, inf] is not finite"; these ranges put every value in a "NaN" bin.
    for (const [min, max] of [[0, Infinity], [NaN, 1], [-Infinity, Infinity], [2, 1]] as const) {
      expect(() => histogram([1, 2], min, max)).toThrow(StatsArgumentError);
    }
    for (const bins of [0, -1, 2.5, NaN]) expect(() => histogram([1, 2], 1, 2, bins)).toThrow(StatsArgumentError);
  });
});

describe('mean', () => {
  it('averages any array-like and is NaN when empty', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean(Float64Array.of(-1, 1))).toBe(0);
    expect(Number.isNaN(mean([]))).toBe(true);
  });

  it('is the infinity of a sample whose infinities have one sign, as statistics.fmean (it was NaN)', () => {
    expect(mean([Infinity, 1])).toBe(Infinity);
    expect(mean([-Infinity, 1, 2])).toBe(-Infinity);
    expect(mean([Infinity, -Infinity])).toBeNaN();
    expect(mean([NaN, 1])).toBeNaN();
  });
});

describe('huge but finite values (near the largest double, about 1.8e308)', () => {
  const MAX = Number.MAX_VALUE;
  const allFinite = (values: number[]) => values.every(Number.isFinite);

  it('averages without overflowing: the mean of [1e308, 1e308, 1e308] is 1e308, not Infinity', () => {
    expect(mean([1e308, 1e308, 1e308])).toBe(1e308);
    expect(mean([MAX, MAX, MAX])).toBe(MAX);
    expect(mean([-MAX, -MAX])).toBe(-MAX);
    expect(mean([1e308, -1e308, 1e308, -1e308])).toBe(0);
    expect(mean([1.5e308, 1.5e308, 0, 0]) / 1e308).toBeCloseTo(0.75, 12);
  });

  it('summarizes to finite statistics whenever they fit in a double', () => {
    const s = summarize([1e308, 1e308, -1e308, 1.7e308])!;
    expect(s.mean / 1e308).toBeCloseTo(0.675, 12); // (1 + 1 - 1 + 1.7) / 4
    // sample sd of [1, 1, -1, 1.7] (×1e308)
    const unit = summarize([1, 1, -1, 1.7])!;
    expect(s.stdDev / 1e308).toBeCloseTo(unit.stdDev, 12);
    expect(s.median).toBe(1e308);
    expect(allFinite(Object.values(s.percentiles))).toBe(true);
    expect(s.percentiles.p25 / 1e308).toBeCloseTo(unit.percentiles.p25, 12);
    const same = summarize([MAX, MAX, MAX])!;
    expect([same.mean, same.stdDev, same.median]).toEqual([MAX, 0, MAX]);
  });

  it('gives Infinity only for a standard deviation beyond the largest double', () => {
    const s = summarize([-MAX, MAX])!;
    expect(s.mean).toBe(0);
    expect(s.stdDev).toBe(Infinity); // MAX · √2
    expect(allFinite([s.median, ...Object.values(s.percentiles)])).toBe(true);
  });

  it('interpolates percentiles between -1e308 and 1e308 without NaN', () => {
    expect(quantileSorted([-1e308, 1e308], 0.5)).toBe(0);
    expect(quantileSorted([-MAX, MAX], 0.25) / MAX).toBeCloseTo(-0.5, 12);
    expect(quantileSorted([-MAX, MAX], 0)).toBe(-MAX);
    expect(quantileSorted([-MAX, MAX], 1)).toBe(MAX);
  });

  it('bins a histogram spanning -MAX..MAX with finite, increasing edges', () => {
    const h = histogram([-MAX, -1e308, 0, 1e308, MAX], -MAX, MAX, 4);
    expect(allFinite(h.edges)).toBe(true);
    expect(h.edges[0]).toBe(-MAX);
    expect(h.edges[4]).toBe(MAX);
    expect(h.edges[2]).toBe(0);
    for (let i = 1; i < h.edges.length; i++) expect(h.edges[i]!).toBeGreaterThan(h.edges[i - 1]!);
    expect(h.counts).toEqual([2, 0, 1, 2]);
  });

  // Reference values from Python's statistics module, which computes in exact fractions: numpy and SciPy sum in
  // floating point and give 0 for the two means below, and 0 for the subnormal sample's deviation.
  it('is exact for tiny values, whose squared deviations would underflow', () => {
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(summarize([1e-200, 3e-200])!.stdDev, 1.414213562373095e-200)).toBeLessThan(1e-12);
    expect(rel(summarize([1e-160, 3e-160])!.stdDev, 1.414213562373095e-160)).toBeLessThan(1e-12);
    expect(summarize([1e-200, 3e-200])!.mean).toBe(2e-200);
    const subnormal = summarize([3e-310, 1e-309, 5e-324, 2e-310])!;
    expect(rel(subnormal.stdDev, 4.34932945023327e-310)).toBeLessThan(1e-9);
    expect(rel(subnormal.mean, 3.75000000000003e-310)).toBeLessThan(1e-9);
  });

  it('does not let large values of both signs drown the small ones in the mean', () => {
    const mixed = Array.from({ length: 2000 }, (_, i) => [1e300, 1, -1e300, 1e-300, 3][i % 5]!);
    expect(mean(mixed)).toBeCloseTo(0.8, 15);
    expect(summarize(mixed)!.mean).toBeCloseTo(0.8, 15);
    const w = [1e16, 1, -1e16, 0.5, 1e16, 1, -1e16, 0.5, 1e16, 1, -1e16];
    expect(summarize(w)!.mean).toBe(0.36363636363636365);
    expect(summarize(w)!.stdDev / 7745966692414834.0).toBeCloseTo(1, 12);
    expect(mean([1e308, 1, -1e308])).toBe(1 / 3);
    // The largest doubles, several of each sign (sorted, so same-sign neighbours are summed first).
    const MAX = Number.MAX_VALUE;
    expect(summarize([-MAX, MAX, -MAX, MAX, -MAX, MAX])!.mean).toBe(0);
    expect(mean([MAX, MAX, -MAX, 1])).toBe(MAX / 4 + 0.25);
    // Order does not matter: the sum is exact whatever the order.
    expect(mean([...w].reverse())).toBe(0.36363636363636365);
  });

  it('divides the exactly rounded sum by the count, as Python\'s statistics.fmean (math.fsum)', () => {
    // fmean([0.1, 0.2, 0.3]) is 0.19999999999999998; a naive sum gives 0.20000000000000004 (NumPy's value).
    expect(summarize([0.1, 0.2, 0.3])!.mean).toBe(0.19999999999999998);
    expect(mean([0.1, 0.2, 0.3])).toBe(0.19999999999999998);
  });

  it('keeps the fraction of many values with a large common offset (a naive sum rounds it away)', () => {
    // References: Python's statistics.fmean and statistics.stdev (exact), equal to NumPy's here.
    const two = Array.from({ length: 100_000 }, (_, i) => 1e15 + (i % 2));
    const four = Array.from({ length: 100_000 }, (_, i) => 1e12 + (i % 4));
    expect(summarize(two)!.mean).toBe(1000000000000000.5);
    expect(mean(two)).toBe(1000000000000000.5);
    expect(summarize(two)!.stdDev).toBeCloseTo(0.5000025000187501, 12);
    expect(summarize(four)!.mean).toBe(1000000000001.5);
    expect(mean(four)).toBe(1000000000001.5);
    expect(summarize(four)!.stdDev).toBeCloseTo(1.1180395789617652, 12);
    // Milliseconds since 1970 with jitter: the realistic case.
    const stamps = Array.from({ length: 10_000 }, (_, i) => 1.7e12 + ((i * 7919) % 1000));
    const exact = stamps.reduce((sum, x) => sum + (x - 1.7e12), 0) / stamps.length + 1.7e12;
    expect(summarize(stamps)!.mean).toBe(exact);
  });

  it('refuses a quantile outside 0..1 instead of returning undefined', () => {
    // numpy.quantile([1, 2, 3], 1.5) raises "Quantiles must be in the range [0, 1]".
    for (const q of [1.5, -0.5, NaN, 95]) expect(() => quantileSorted([1, 2, 3], q)).toThrow(StatsArgumentError);
    expect(quantileSorted([1, 2, 3], 1)).toBe(3);
    expect(quantileSorted([1, 2, 3], 0)).toBe(1);
  });
});
