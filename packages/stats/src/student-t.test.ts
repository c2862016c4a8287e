import { studentTCdf, studentTQuantile } from './student-t';
import { StatsArgumentError } from './errors';

describe('studentTCdf and studentTQuantile', () => {
  it('match SciPy from 1 to 100,000 degrees of freedom, far into the tail', () => {
    // [df, scipy.stats.t.ppf(0.975, df), scipy.stats.t.cdf(2.5, df), scipy.stats.t.cdf(-40, df)] (SciPy 1.17.1)
    const cases: Array<[number, number, number, number]> = [
      [1, 12.706204736174694, 0.8788810584091566, 0.007956089912025812],
      [2, 4.302652729749462, 0.9351941398892446, 0.0003122073360923703],
      [4, 2.7764451051977934, 0.966616727594006, 1.1670081613006339e-6],
      [9, 2.262157162798205, 0.9830690861585072, 9.491499224669911e-12],
      [29, 2.045229642132703, 0.9908373278307869, 3.173438664864671e-27],
      [99, 1.9842169515864174, 0.9929687015394255, 3.1925425801436255e-63],
      [1000, 1.9623390808264083, 0.9937107160994546, 5.239426077586636e-210],
      [100000, 1.9599877075346095, 0.9937895404037205, 0],
    ];
    for (const [df, q975, cdf25, tail40] of cases) {
      expect(studentTQuantile(0.975, df) / q975).toBeCloseTo(1, 12);
      expect(studentTCdf(2.5, df) / cdf25).toBeCloseTo(1, 12);
      if (tail40 > 0) expect(studentTCdf(-40, df) / tail40).toBeCloseTo(1, 10);
      else expect(studentTCdf(-40, df)).toBeLessThan(1e-300);
    }
    // scipy.stats.t.ppf(0.995, 4), scipy.stats.t.ppf(0.75, 3)
    expect(studentTQuantile(0.995, 4) / 4.604094871349992).toBeCloseTo(1, 12);
    expect(studentTQuantile(0.75, 3) / 0.7648923284043444).toBeCloseTo(1, 12);
  });

  it('is symmetric and inverts its CDF', () => {
    expect(studentTQuantile(0.025, 7)).toBe(-studentTQuantile(0.975, 7));
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTCdf(0, 5)).toBe(0.5);
    for (const p of [0.6, 0.9, 0.999, 0.999999]) expect(studentTCdf(studentTQuantile(p, 6), 6)).toBeCloseTo(p, 14);
  });

  it('rejects a probability outside (0, 1) and non-positive degrees of freedom', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(StatsArgumentError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(/degrees of freedom/);
    expect(() => studentTCdf(1, Number.NaN)).toThrow(/degrees of freedom/);
  });
});
