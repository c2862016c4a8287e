import { histogram, mean, quantileSorted, summarize } from './descriptive';

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
});

describe('mean', () => {
  it('averages any array-like and is NaN when empty', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean(Float64Array.of(-1, 1))).toBe(0);
    expect(Number.isNaN(mean([]))).toBe(true);
  });
});
