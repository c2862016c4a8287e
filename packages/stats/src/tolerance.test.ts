import { nearlyEqual, pairedDifferences } from './tolerance';
import { StatsArgumentError } from './errors';

describe('nearlyEqual and pairedDifferences', () => {
  it('equates values that only rounding separates, at any scale, and nothing else', () => {
    expect(nearlyEqual(0.6 - 0.5, 0.2 - 0.1)).toBe(true);
    expect(nearlyEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(nearlyEqual(1e9 + 1e-7, 1e9)).toBe(true);
    expect(nearlyEqual(0.1 * 3, 0.3)).toBe(true);
    expect(nearlyEqual(1e9 + 1, 1e9)).toBe(false);
    expect(nearlyEqual(1e-12, 2e-12)).toBe(false);
    expect(nearlyEqual(0, 1e-300)).toBe(false);
  });

  it('gives exactly 0 for equal scores computed in different orders, b - a otherwise', () => {
    expect(Array.from(pairedDifferences([0.3, 0.5, 1], [0.1 + 0.2, 0.75, 1]))).toEqual([0, 0.25, 0]);
    expect(() => pairedDifferences([1], [1, 2])).toThrow(StatsArgumentError);
  });

  it('equates equal infinities, so their paired difference is 0 and not Infinity - Infinity = NaN', () => {
    // numpy.isclose(inf, inf) is True.
    expect(nearlyEqual(Infinity, Infinity)).toBe(true);
    expect(nearlyEqual(-Infinity, -Infinity)).toBe(true);
    expect(nearlyEqual(Infinity, -Infinity)).toBe(false);
    expect(nearlyEqual(Infinity, 1e308)).toBe(false);
    expect(nearlyEqual(NaN, NaN)).toBe(false);
    expect(Array.from(pairedDifferences([Infinity, -Infinity, 1], [Infinity, -Infinity, 2]))).toEqual([0, 0, 1]);
  });
});
