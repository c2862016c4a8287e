import { fsum } from './fsum';

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
