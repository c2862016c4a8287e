import { pairedBootstrapCI } from './paired-bootstrap';
import { meanConfidenceInterval } from './mean-interval';
import { StatsArgumentError } from './errors';
import { createRng } from './seeded-random';

describe('pairedBootstrapCI', () => {
  it('resamples with the createRng stream: index floor(u * n) for each draw', () => {
    // Integer data keeps every sum exact, so the unrolled loop must match this plain one bit for bit.
    const diffs = [3, -1, 4, 1, -5, 9, 2];
    const rng = createRng(5);
    const expected: number[] = [];
    for (let it = 0; it < 40; it++) {
      let sum = 0;
      for (let i = 0; i < diffs.length; i++) sum += diffs[Math.floor(rng() * diffs.length)]!;
      expected.push(sum / diffs.length);
    }
    expected.sort((a, b) => a - b);
    const ci = pairedBootstrapCI(diffs, { iterations: 40, confidence: 0.5, seed: 5 });
    // numpy-style linear interpolation of the 25% and 75% quantiles of 40 values
    const q = (p: number) => {
      const pos = 39 * p;
      const lo = Math.floor(pos);
      return expected[lo]! + (expected[lo + 1]! - expected[lo]!) * (pos - lo);
    };
    expect(ci).toEqual({ mean: 13 / 7, low: q(0.25), high: q(0.75), iterations: 40 });
  });

  it('is deterministic for a seed and varies with it', () => {
    const diffs = Array.from({ length: 200 }, (_, i) => Math.sin(i) + 0.1);
    expect(pairedBootstrapCI(diffs, { seed: 3 })).toEqual(pairedBootstrapCI(diffs, { seed: 3 }));
    expect(pairedBootstrapCI(diffs, { seed: 3 }).low).not.toBe(pairedBootstrapCI(diffs, { seed: 4 }).low);
  });

  it('agrees with the normal interval mean +- z sd / sqrt(n) for a large symmetric sample', () => {
    const rng = createRng(11);
    const diffs = Array.from({ length: 2000 }, () => rng() + rng() + rng() - 1.4);
    const n = diffs.length;
    const m = diffs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    const half = (1.959963984540054 * sd) / Math.sqrt(n);
    const ci = pairedBootstrapCI(diffs);
    expect(ci.mean).toBeCloseTo(m, 12);
    // Monte Carlo error of a 2.5% quantile from 10,000 resamples is ~2% of the half-width
    expect(Math.abs(ci.low - (m - half))).toBeLessThan(0.05 * half);
    expect(Math.abs(ci.high - (m + half))).toBeLessThan(0.05 * half);
  });

  it('narrows as confidence falls', () => {
    const diffs = [0.2, -0.1, 0.4, 0.3, 0, 0.1, -0.3, 0.5];
    const wide = pairedBootstrapCI(diffs, { confidence: 0.99 });
    const narrow = pairedBootstrapCI(diffs, { confidence: 0.5 });
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it('gives NaNs for no pairs, and NaN ends for one pair as meanConfidenceInterval does (it gave a zero-width interval)', () => {
    const empty = pairedBootstrapCI([]);
    expect([empty.mean, empty.low, empty.high].every(Number.isNaN)).toBe(true);
    expect(empty.iterations).toBe(10_000);
    // One value shows no spread: SciPy's bootstrap refuses it, meanConfidenceInterval([5]) has NaN ends; this gave {5, 5, 5}.
    expect(pairedBootstrapCI([5])).toEqual({ mean: 5, low: NaN, high: NaN, iterations: 10_000 });
    expect(pairedBootstrapCI(Float64Array.of(0.25))).toEqual({ mean: 0.25, low: NaN, high: NaN, iterations: 10_000 });
    expect(meanConfidenceInterval([5])).toMatchObject({ mean: 5, low: NaN, high: NaN });
    // Two values are enough.
    const two = pairedBootstrapCI([1, 2]);
    expect([two.low, two.high]).toEqual([1, 2]);
  });

  it('rejects a confidence outside (0, 1) and a non-positive iteration count', () => {
    expect(() => pairedBootstrapCI([1, 2], { confidence: 1 })).toThrow(StatsArgumentError);
    expect(() => pairedBootstrapCI([1, 2], { confidence: Number.NaN })).toThrow(/confidence/);
    expect(() => pairedBootstrapCI([1, 2], { iterations: 0 })).toThrow(/iterations/);
  });

  it('gives a NaN mean and NaN ends for a NaN difference, as meanConfidenceInterval does (it gave low = 1 for [1, NaN, 2])', () => {
    const ci = pairedBootstrapCI([1, Number.NaN, 2]);
    expect([ci.mean, ci.low, ci.high]).toEqual([NaN, NaN, NaN]);
    const t = meanConfidenceInterval([1, Number.NaN, 2]);
    expect([t.mean, t.low, t.high]).toEqual([NaN, NaN, NaN]);
  });

  it('keeps the resampled means of values near the largest double finite (they were Infinity, low = high = Infinity)', () => {
    const ci = pairedBootstrapCI([1e308, 1e308, 1.7e308]);
    // The package's mean, as meanConfidenceInterval's; the exact mean, float((2 * Fraction(1e308) + Fraction(1.7e308)) / 3)
    // in Python, is 1.2333333333333333e308, one unit in the last place away.
    expect(ci.mean).toBe(meanConfidenceInterval([1e308, 1e308, 1.7e308]).mean);
    expect(ci.mean / 1.2333333333333333e308).toBeCloseTo(1, 15);
    expect(Number.isFinite(ci.low) && Number.isFinite(ci.high)).toBe(true);
    expect(ci.low).toBeGreaterThanOrEqual(1e308);
    expect(ci.high).toBeLessThanOrEqual(1.7e308);
    expect(ci.low).toBeLessThan(ci.high);
    // Scaled by a power of two, exactly: the same interval as of the values divided by 2^1023, scaled back.
    const scaled = pairedBootstrapCI([1e308 / 2 ** 1023, 1e308 / 2 ** 1023, 1.7e308 / 2 ** 1023]);
    expect([ci.low, ci.high]).toEqual([scaled.low * 2 ** 1023, scaled.high * 2 ** 1023]);
    expect(pairedBootstrapCI([-1.7e308, 1.7e308, -1.7e308, 1.7e308]).low).toBeGreaterThanOrEqual(-1.7e308);
  });

  it('refuses more than 1,000,000 iterations, naming the option and the limit (1e8 took 19 s and 800 MB)', () => {
    expect(() => pairedBootstrapCI([1, 2], { iterations: 1e8 })).toThrow(StatsArgumentError);
    expect(() => pairedBootstrapCI([1, 2], { iterations: 1_000_001 })).toThrow(/iterations must be at most 1,000,000, got 1000001/);
    expect(pairedBootstrapCI([1, 2], { iterations: 1_000_000 }).iterations).toBe(1_000_000);
  });
});
