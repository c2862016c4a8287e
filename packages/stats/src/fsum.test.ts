import { fsum, unitsOf } from './fsum';

describe('fsum', () => {
  it('rounds like math.fsum where plain addition does not', () => {
    // math.fsum([0.1] * 10) == 1.0; math.fsum([1e100, 1.0, -1e100, 1e-100]) == 1.0; math.fsum([]) == 0.0
    expect(fsum(Array(10).fill(0.1))).toBe(1);
    expect(fsum([1e100, 1.0, -1e100, 1e-100])).toBe(1);
    expect(fsum([])).toBe(0);
    // math.fsum([1, 1e-16, 1e-16]) == 1.0000000000000002 (plain left-to-right addition gives 1.0)
    expect(fsum([1, 1e-16, 1e-16])).toBe(1.0000000000000002);
  });

  it('sums the values divided by a power of two exactly', () => {
    expect(fsum([1e308, 1e308, -1e308], 2 ** 1023)).toBe(1e308 / 2 ** 1023);
    expect(fsum(Float64Array.of(3, -1, 0.5), 2)).toBe(1.25);
  });
});

describe('fsum of infinities and NaN (as math.fsum)', () => {
  it('is the infinity when every infinity has one sign (it was NaN)', () => {
    // math.fsum([inf, 1]) == inf; math.fsum([1, -inf]) == -inf; math.fsum([inf, inf]) == inf
    expect(fsum([Infinity, 1])).toBe(Infinity);
    expect(fsum([1, -Infinity])).toBe(-Infinity);
    expect(fsum([Infinity, Infinity])).toBe(Infinity);
    expect(fsum(new Set([1e308, Infinity, 1e308]))).toBe(Infinity);
    expect(fsum([Infinity, 2], 2)).toBe(Infinity);
  });

  it('is NaN for a NaN, and for infinities of both signs (where math.fsum raises ValueError)', () => {
    expect(fsum([NaN, 1])).toBeNaN();
    expect(fsum([Infinity, NaN])).toBeNaN();
    expect(fsum([Infinity, 1, -Infinity])).toBeNaN();
  });

  it('stays the infinity however many values follow it', () => {
    // The partials used to grow by a NaN per value after an infinity: quadratic time, and NaN at the end.
    expect(fsum([Infinity, ...Array<number>(5000).fill(1)])).toBe(Infinity);
  });
});

describe('fsum when a partial sum overflows (math.fsum raises OverflowError)', () => {
  const MAX = Number.MAX_VALUE;

  it('is the correctly rounded sum when it fits in a double (it was NaN)', () => {
    // float(sum(map(Fraction, values))) in Python: the exact sum, rounded once.
    expect(fsum([1e308, 1e308, -1e308])).toBe(1e308);
    expect(fsum([MAX, MAX, -MAX, -MAX, 5e-324])).toBe(5e-324);
    expect(fsum([MAX, MAX, -MAX, 1])).toBe(MAX);
    expect(fsum([1e308, 1e308, -1e308, 1e292])).toBe(1.0000000000000002e308);
    expect(fsum([-1e308, -1e308, 1e308, -3e-310])).toBe(-1e308);
    expect(fsum([MAX, 2 ** 970, -MAX])).toBe(2 ** 970);
  });

  it('is the infinity of its sign when the exact sum is beyond the largest double', () => {
    expect(fsum([1e308, 1e308])).toBe(Infinity);
    expect(fsum([-1e308, -1e308, 1])).toBe(-Infinity);
    expect(fsum([MAX, 2 ** 970])).toBe(Infinity); // rounds up to 2^1024
  });
});

describe('fsum against the exact sum', () => {
  /** The double just above (+1) or below (-1) a finite one. */
  const next = (value: number, direction: 1 | -1): number => {
    if (value === 0) return direction * Number.MIN_VALUE;
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    const bits = view.getBigUint64(0);
    view.setBigUint64(0, (value > 0) === (direction > 0) ? bits + 1n : bits - 1n);
    return view.getFloat64(0);
  };
  const distance = (a: bigint, b: bigint) => (a > b ? a - b : b - a);
  /** A seeded generator (mulberry32), so a failure names its sample. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  it('is the double nearest the exact sum, for values of mixed signs and magnitudes that keep many partials', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next01 = random(seed);
      const spread = seed % 3 === 0 ? 600 : seed % 3 === 1 ? 120 : 20;
      const values: number[] = [];
      for (let k = 0; k < 1 + Math.floor(next01() * 400); k++) {
        const value = (next01() < 0.5 ? -1 : 1) * (1 + next01()) * 2 ** Math.round((next01() - 0.5) * spread);
        values.push(value);
        // Cancellations: a value and its negative, which leave the small ones to decide the sum.
        if (next01() < 0.2) values.push(-value);
      }
      const sum = fsum(values);
      const exact = values.reduce((total, value) => total + unitsOf(value), 0n);
      const error = distance(unitsOf(sum), exact);
      expect({ seed, nearest: error <= distance(unitsOf(next(sum, 1)), exact) && error <= distance(unitsOf(next(sum, -1)), exact) }).toEqual({ seed, nearest: true });
    }
  });
});
