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
