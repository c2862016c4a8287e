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

  it('ties differences within an absolute tolerance when given one (math.isclose abs_tol), and only then', () => {
    // Without one, 0 equals only 0: 1e-300 − 0 is a real difference at some scale.
    expect(nearlyEqual(0, 5e-324)).toBe(false);
    expect(nearlyEqual(0, 5e-324, 1e-12)).toBe(true);
    expect(nearlyEqual(1e-300, 0, 1e-12)).toBe(true);
    expect(nearlyEqual(-1e-13, 0, 1e-12)).toBe(true);
    expect(nearlyEqual(0, 2e-12, 1e-12)).toBe(false);
    expect(nearlyEqual(1e-6, 1.1e-6, 1e-12)).toBe(false);
    // The relative tolerance still applies above it: 1e9 + 1e-7 is 1e9 up to rounding.
    expect(nearlyEqual(1e9 + 1e-7, 1e9, 1e-12)).toBe(true);
    expect(nearlyEqual(Infinity, -Infinity, 1e-12)).toBe(false);
    expect(Array.from(pairedDifferences([0, 0, 1e-6], [5e-324, -1e-300, 1.1e-6], 1e-12))).toEqual([0, 0, 1.1e-6 - 1e-6]);
  });
});
