import { erfc, normalCdf } from './normal';

describe('normalCdf and erfc', () => {
  it('match SciPy on both sides of the series / continued-fraction switch', () => {
    // scipy.special.erfc and scipy.stats.norm.cdf
    const cases: Array<[number, number]> = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1.4, 0.04771488023735121],
      [1.6, 0.023651616655355978],
      [3, 2.2090496998585445e-5],
      [10, 2.0884875837625446e-45],
      [-1, 1.8427007929497148],
    ];
    for (const [x, expected] of cases) expect(erfc(x) / expected).toBeCloseTo(1, 13);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
    expect(normalCdf(0)).toBe(0.5);
  });
});
