import { meanConfidenceInterval } from './mean-interval';
import { pairedBootstrapCI } from './paired-bootstrap';
import { createRng } from './seeded-random';
import { StatsArgumentError } from './errors';

/** Standard normal draws by Box–Muller from the seeded generator. */
function normals(seed: number): () => number {
  const rng = createRng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Share of `reps` samples of size n whose interval covers `truth`. */
function coverage(draw: () => number, truth: number, n: number, reps: number, interval: (x: number[]) => { low: number; high: number }): number {
  let covered = 0;
  for (let r = 0; r < reps; r++) {
    const { low, high } = interval(Array.from({ length: n }, draw));
    if (low <= truth && truth <= high) covered++;
  }
  return covered / reps;
}

const REPS = 4000;
// Binomial standard error of a coverage estimate near 95% from 4,000 samples: sqrt(.95 * .05 / 4000) = 0.0034.
const SE = Math.sqrt((0.95 * 0.05) / REPS);

describe('meanConfidenceInterval', () => {
  it('matches the textbook t interval (scipy.stats.t.interval(0.95, 4, loc=mean, scale=sem))', () => {
    // x = [1, 2, 3, 4, 10]: mean 4, sem = scipy.stats.sem(x) = 1.5811388300841895
    // scipy.stats.t.interval(0.95, 4, loc=4, scale=scipy.stats.sem(x)) = (-0.3899451654254138, 8.389945165425413)
    const ci = meanConfidenceInterval([1, 2, 3, 4, 10]);
    expect(ci.mean).toBe(4);
    expect(ci.df).toBe(4);
    expect(ci.low).toBeCloseTo(-0.3899451654254138, 12);
    expect(ci.high).toBeCloseTo(8.389945165425413, 12);
  });

  it('covers 95% of normal means at n = 5, 10 and 30 (within 3.5 binomial standard errors), where the percentile bootstrap does not', () => {
    for (const n of [5, 10, 30]) {
      const c = coverage(normals(n), 0, n, REPS, (x) => meanConfidenceInterval(x));
      expect(Math.abs(c - 0.95)).toBeLessThan(3.5 * SE);
    }
    // The percentile bootstrap the comparison used before: 84% at n = 5 (1,000 samples, 400 resamples each).
    const boot = coverage(normals(5), 0, 5, 1000, (x) => pairedBootstrapCI(x, { iterations: 400 }));
    expect(boot).toBeLessThan(0.88);
  });

  it('covers at least 90% of a skewed (lognormal, sigma 0.5) mean at n = 5 and 10 and 92% at n = 30', () => {
    // Stated margin for skewed data, where no interval on 5 values is exact: a NumPy run of 4,000 samples per
    // cell gave t 91.9 / 91.7 / 93.4% against the percentile bootstrap's 80.1 / 87.2 / 92.5%.
    const truth = Math.exp(0.125);
    for (const [n, floor] of [[5, 0.9], [10, 0.9], [30, 0.92]] as const) {
      const z = normals(100 + n);
      const c = coverage(() => Math.exp(0.5 * z()), truth, n, REPS, (x) => meanConfidenceInterval(x));
      expect(c).toBeGreaterThan(floor - 3.5 * SE);
      expect(c).toBeLessThan(0.95 + 3.5 * SE);
    }
  });

  it('keeps every digit of a confidence next to 1 (alpha / 2 is the tail probability itself, not 1 - (1 - alpha / 2))', () => {
    // x = [1, 2, 3]: mean 2, standard error 1/sqrt(3), df = 2, where t = (1 - 2q) / sqrt(2q (1 - q)) at q = alpha / 2
    // exactly (mpmath). The double nearest 1 - 2e-15 is 1 - 1.9984e-15: half-width 12,915,106.898 (it was 13,134,667;
    // 12,909,944 would be alpha = 2e-15 exactly, which no double confidence expresses).
    const near = meanConfidenceInterval([1, 2, 3], { confidence: 1 - 2e-15 });
    expect(Math.abs((near.high - near.mean) / 12915106.898469975 - 1)).toBeLessThan(1e-15);
    const dyadic = meanConfidenceInterval([1, 2, 3], { confidence: 1 - 2 ** -50 });
    expect(Math.abs((dyadic.mean - dyadic.low) / 19372660.34770498 - 1)).toBeLessThan(1e-15);
    // 1 - alpha/2 is not a double here: it rounded to 1 - 2^-53 (t 13% low) and, for the largest confidence below 1,
    // to 1 itself, which studentTQuantile refused.
    const odd = meanConfidenceInterval([1, 2, 3], { confidence: 1 - 3 * 2 ** -53 });
    expect(Math.abs((odd.high - odd.mean) / 31635421.87475051 - 1)).toBeLessThan(1e-15);
    const largest = meanConfidenceInterval([1, 2, 3], { confidence: 1 - 2 ** -53 });
    expect(Math.abs((largest.high - largest.mean) / 54794158.00594375 - 1)).toBeLessThan(1e-15);
  });

  it('has NaN ends below two values and rejects a confidence outside (0, 1)', () => {
    const one = meanConfidenceInterval([0.5]);
    expect(one.mean).toBe(0.5);
    expect([one.low, one.high].every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(meanConfidenceInterval([]).mean)).toBe(true);
    expect(meanConfidenceInterval([1, 1, 1])).toMatchObject({ low: 1, high: 1 });
    expect(() => meanConfidenceInterval([1, 2], { confidence: 1 })).toThrow(StatsArgumentError);
  });

  it('stays finite for values near ±1.8e308, whose naive sum overflows (the interval was [NaN, NaN] around Infinity)', () => {
    const same = meanConfidenceInterval([1e308, 1e308, 1e308, 1e308]);
    expect(same).toMatchObject({ mean: 1e308, low: 1e308, high: 1e308, standardError: 0, df: 3 });
    // Their sum is 5.2e308: scipy.stats.t.interval(0.95, 4, loc=mean, scale=scipy.stats.sem(x)) on x / 1e300.
    const big = meanConfidenceInterval([1e308, 1e308, 0.9e308, 1.1e308, 1.2e308]);
    expect(big.mean / 1.04e308).toBeCloseTo(1, 14);
    expect(big.standardError / 1e300).toBeCloseTo(5099019.5135927815, 6);
    expect(big.low / 1e300).toBeCloseTo(89842852.23017727, 5);
    expect(big.high / 1e300).toBeCloseTo(118157147.7698227, 5);
    // Only an end beyond the largest double is infinite, never NaN.
    const wide = meanConfidenceInterval([-1.7e308, 1.7e308, -1.7e308, 1.7e308]);
    expect(wide.mean).toBe(0);
    expect([wide.low, wide.high]).toEqual([-Infinity, Infinity]);
  });
});
