import { mcnemarExact } from './mcnemar';
import { normalCdf } from './normal';
import { StatsArgumentError } from './errors';

describe('mcnemarExact', () => {
  it('matches textbook exact binomial values', () => {
    expect(mcnemarExact(1, 6)).toEqual({ b: 1, c: 6, pValue: 0.125, method: 'exact' });
    expect(mcnemarExact(0, 5).pValue).toBe(0.0625);
    expect(mcnemarExact(10, 10).pValue).toBe(1);
    // 2 * (1 + 14 + 91) / 2^14
    expect(mcnemarExact(2, 12).pValue).toBe(0.012939453125);
    expect(mcnemarExact(12, 2).pValue).toBe(0.012939453125);
  });

  it('gives p = 1 without discordant pairs', () => {
    expect(mcnemarExact(0, 0).pValue).toBe(1);
  });

  it('stays accurate for 100,000 discordant pairs, near the continuity-corrected normal value', () => {
    // 50-digit mpmath sums of binomial(n, i) / 2^n (scipy.stats.binomtest agrees to ~1e-13)
    expect(mcnemarExact(4900, 5100).pValue / 0.04658552770494738878).toBeCloseTo(1, 11);
    const large = mcnemarExact(49_500, 50_500).pValue;
    expect(large / 0.0015823598788515956444).toBeCloseTo(1, 10);
    const z = (Math.abs(49_500 - 50_500) - 1) / Math.sqrt(100_000);
    expect(Math.abs(large - 2 * normalCdf(-z)) / large).toBeLessThan(0.01);
    // far tail: no underflow to 0 or NaN
    expect(mcnemarExact(0, 1000).pValue).toBe(2 * 2 ** -1000);
    // mpmath: 2 * sum(binomial(903, i) for i <= 3) / 2^903
    expect(mcnemarExact(3, 900).pValue / 3.6295984285091712e-264).toBeCloseTo(1, 12);
  });

  it('rejects negative and fractional counts', () => {
    expect(() => mcnemarExact(-1, 3)).toThrow(StatsArgumentError);
    expect(() => mcnemarExact(1.5, 3)).toThrow(/non-negative integer/);
  });
});
