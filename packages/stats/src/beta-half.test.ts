import { halfBetaTails, lnGammaRatioHalf } from './beta-half';

describe('lnGammaRatioHalf and halfBetaTails', () => {
  it('gives ln(Γ(a + 1/2) / Γ(a)) to 1e-15 from a = 0.001 to 1e300, across the shift to Stirling at 20', () => {
    // mpmath: loggamma(a + 1/2) - loggamma(a) at 50 digits (for 1e300, ln(a)/2 - 1/(8a)).
    const cases: Array<[number, number]> = [
      [1e-3, -6.336774987884822],
      [0.05, -2.488848344940605],
      [0.5, -0.5723649429247001],
      [1, -0.12078223763524522],
      [7.3, 0.976827200527276],
      [19.99, 1.491363599223502],
      [20, 1.491616787331304],
      [1000, 3.453752639496277],
      [1e9, 10.361632918348205],
      [1e300, 345.38776394910684],
    ];
    for (const [a, exact] of cases) expect(Math.abs(lnGammaRatioHalf(a) - exact)).toBeLessThan(1e-15 * Math.max(1, Math.abs(exact)));
  });

  it('computes the smaller piece directly and the pair adds up to 1/2 (continued fractions and BGRAT alike)', () => {
    // [a, t²/df] -> x = 1 / (1 + r2), y = r2 / (1 + r2): the fraction in y, in x, and BGRAT for a >= 15.
    for (const [a, r2] of [[1.5, 1e-6], [1.5, 30], [500, 1e-4], [500, 0.01], [500, 3]] as const) {
      const lnX = -Math.log1p(r2);
      const [upper, center] = halfBetaTails(a, 1 / (1 + r2), r2 / (1 + r2), lnX, Math.sqrt(r2) * Math.exp((a + 0.5) * lnX));
      expect(upper).toBeGreaterThan(0);
      expect(center).toBeGreaterThan(0);
      expect(upper + center).toBeCloseTo(0.5, 15);
    }
  });
});
