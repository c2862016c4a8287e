import { erfc, erfcx, normalCdf, normalUpperQuantileEstimate } from './normal';

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

  it('erfcx is e^(x^2) erfc(x), finite where erfc underflows (mpmath)', () => {
    const cases: Array<[number, number]> = [
      [0.5, 0.6156903441929259],
      [1.4, 0.33874354067973467],
      [1.5, 0.3215854164543175],
      [10, 0.05614099274382259],
      [30, 0.01879588886141675],
    ];
    for (const [x, exact] of cases) expect(Math.abs(erfcx(x) / exact - 1)).toBeLessThan(5e-15);
  });

  it('normalUpperQuantileEstimate is within 1.2e-9 of the normal quantile (scipy.special.ndtri)', () => {
    const cases: Array<[number, number]> = [
      [0.4, 0.2533471031357997],
      [0.025, 1.9599639845400545],
      [1e-10, 6.361340902404056],
      [1e-300, 37.0470962993612],
    ];
    for (const [q, z] of cases) expect(Math.abs(normalUpperQuantileEstimate(q) / z - 1)).toBeLessThan(1.2e-9);
  });
});
