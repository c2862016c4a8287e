import { studentTCdf, studentTQuantile } from './student-t';
import { StatsArgumentError } from './errors';

function relativeError(got: number, exact: number): number {
  return Math.abs(got - exact) / Math.abs(exact);
}

// Exact quantiles, [df, p, the double nearest t]: mpmath at 60 digits for the double p as given, solving
// I_x(df/2, 1/2) / 2 = min(p, 1 - p) in its hypergeometric form; for df = 1 and 2 the closed forms tan(pi (p - 1/2))
// and (2p - 1) / sqrt(2p (1 - p)), which the same solver matches to 1e-30. SciPy 1.17.1 agrees to 3e-16 wherever it
// is itself right (it gives Infinity at p = 1e-300 for df = 3, 5 and 2.5, and is off by 2.7e-8 at p = 0.5 - 1e-9
// for df = 1).
const CLOSED_FORMS: Array<[number, number, number]> = [
  [1, 1e-300, -3.1830988618379066e299],
  [1, 1e-15, -318309886183790.6],
  [1, 1e-12, -318309886183.79065],
  [1, 1e-9, -318309886.1837906],
  [1, 1e-6, -318309.8861827435],
  [1, 0.025, -12.706204736174705],
  [1, 0.3, -0.7265425280053609],
  [1, 0.5 - 1e-9, -3.14159273913291e-9],
  [1, 0.975, 12.706204736174694],
  [1, 1 - 1e-9, 318309895.1862093],
  [1, 1 - 1e-10, 3183098598.467148],
  [1, 1 - 1e-12, 318316927901.77966],
  [2, 1e-300, -7.071067811865475e149],
  [2, 1e-15, -22360679.774997864],
  [2, 1e-12, -707106.7811854868],
  [2, 1e-9, -22360.679741456875],
  [2, 1e-6, -707.1057205259339],
  [2, 0.025, -4.302652729749464],
  [2, 0.3, -0.6172133998483676],
  [2, 0.5 - 1e-9, -2.8284272017620538e-9],
  [2, 0.975, 4.302652729749462],
  [2, 1 - 1e-9, 22360.68005765849],
  [2, 1 - 1e-10, 70710.67518273446],
  [2, 1 - 1e-12, 707114.6025244079],
];
const P = [1e-300, 1e-15, 1e-12, 1e-9, 1e-6, 0.025, 0.3, 0.5 - 1e-9, 0.975, 1 - 1e-9, 1 - 1e-12];
const EXACT: Array<[number, number[]]> = [
  [3, [-1.033110836044653e100, -103311.08359284989, -10331.108244292485, -1033.1096745038078, -103.29946778041935, -3.1824463052837095, -0.5843897274398187, -2.720699120433839e-9, 3.1824463052837086, 1033.1096842432755, 10331.184426046091]],
  [5, [-1.5683925590993378e60, -1568.3911928228774, -393.95695957760375, -98.93722464836995, -24.771029720515944, -2.5705818356363155, -0.5594296444693608, -2.6343055958703566e-9, 2.5705818356363146, 98.93722520824214, 393.9587026499902]],
  [30, [-50178575360.50508, -14.925858475139002, -11.397217523311411, -8.445862796274243, -5.871117120418883, -2.042272456301238, -0.5300190039065045, -2.527600294947941e-9, 2.0422724563012378, 8.445862807441596, 11.397227795416011]],
  [1000, [-54.291388553051746, -8.070281832298525, -7.1242289253144095, -6.053690272079834, -4.781608620458351, -1.9623390808264085, -0.524567707309227, -2.507255078204449e-9, 1.962339080826408, 6.0536902768005225, 7.1242321273824425]],
  [100000, [-37.174670665466216, -7.9426174040988515, -7.035371742393576, -5.998361461679076, -4.753704716391288, -1.9599877075346097, -0.5244021842335458, -2.506634609463223e-9, 1.9599877075346093, 5.998361466274278, 7.035374828293038]],
  [10000000, [-37.048368428741476, -7.94135804523866, -7.03449270352616, -5.997812559038371, -4.753427112755577, -1.9599642217672055, -0.5244005294232538, -2.506628405550242e-9, 1.959964221767205, 5.997812563632333, 7.034495788284389]],
  [2.5, [-8.765437882279991e119, -876543.78822689, -55306.17407651582, -3489.5833953699816, -220.17342917823686, -3.574654842003683, -0.5973077382523175, -2.7638914177965072e-9, 3.5746548420036817, 3489.5834348468525, 55306.663471176085]],
  [0.5, [-Infinity, -1.0284911563163399e29, -1.02849115631634e23, -1.0284911563163398e17, -102849115631.63402, -164.55767348048852, -1.0095258786071661, -3.7081494555727577e-9, 164.55767348048823, 1.0284912144917752e17, 1.0285366618133392e23]],
];

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
    // 1 - 0.96875 is exactly 0.03125 (1 - 0.975 is not 0.025, so those two quantiles differ in the last digits).
    expect(studentTQuantile(0.03125, 7)).toBe(-studentTQuantile(0.96875, 7));
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTCdf(0, 5)).toBe(0.5);
    for (const p of [0.6, 0.9, 0.999, 0.999999]) expect(studentTCdf(studentTQuantile(p, 6), 6)).toBeCloseTo(p, 14);
  });

  it('has every digit of the closed forms for 1 and 2 degrees of freedom, from p = 1e-300 to 1 - 1e-12', () => {
    // Before: p = 1e-15 at df = 2 gave -22,749,911.25 (1.7% off), p = 1e-12 at df = 1 was 9e-6 off.
    for (const [df, p, exact] of CLOSED_FORMS) expect(relativeError(studentTQuantile(p, df), exact)).toBeLessThan(1e-15);
  });

  it('matches exact quantiles to 5e-15 relative from the centre to p = 1e-300, for 0.5 to 10 million degrees of freedom', () => {
    // Measured worst 1.8e-15 (df = 0.5); 5e-15 is about 20 units in the last place.
    for (const [df, exact] of EXACT) {
      P.forEach((p, i) => {
        const t = studentTQuantile(p, df);
        if (Number.isFinite(exact[i]!)) expect(relativeError(t, exact[i]!)).toBeLessThan(5e-15);
        else expect(t).toBe(exact[i]); // -1.03e599 is beyond the doubles
      });
    }
  });

  it('matches exact quantiles to 2e-14 at 0.1 degrees of freedom, whose tail makes any rounding ten times larger in t', () => {
    // t = O(q^(-1/df)): a relative error e in the tail probability is one of e / df in t. Measured worst 8e-15.
    const cases: Array<[number, number]> = [
      [1e-15, -1.6044257056665375e146],
      [1e-9, -1.60442570566655e86],
      [0.025, -1682362288745.0247],
      [0.3, -27.170126296735763],
      [0.5 - 1e-9, -6.752553763030669e-9],
      [1 - 1e-12, 1.6047806754182552e116],
    ];
    for (const [p, exact] of cases) expect(relativeError(studentTQuantile(p, 0.1), exact)).toBeLessThan(2e-14);
  });

  it('inverts its own CDF in the far tails (its CDF at its 1e-15 quantile for df = 2 was 9.66e-16)', () => {
    for (const df of [2, 3, 7.5, 40, 1e6]) {
      for (const p of [1e-15, 1e-100]) expect(relativeError(studentTCdf(studentTQuantile(p, df), df), p)).toBeLessThan(1e-13);
    }
  });

  it('computes each tail directly: studentTCdf to t = -1e300 and to a billion degrees of freedom', () => {
    // [df, t, P(T < -t)] from mpmath at 60 digits. Before: 0 for t beyond 1.3e154 (t² overflowed), and 6e-9 off at
    // df = 1e9 (x = df / (df + t²) rounded next to 1). A double t carries a relative uncertainty of 1.1e-16 times
    // |t f(t) / F(t)|, the tail's log-slope, which reaches 1400 at df = 1000, t = 40: hence 1e-13 there.
    const farTails: Array<[number, number, number]> = [
      [1, 1e200, 3.1830988618379067e-201],
      [0.5, 1e300, 3.207009754142229e-151],
      [3, 1e100, 1.1026577908435841e-300],
      [5, 1e10, 9.490167245562362e-50],
      [30, 1e10, 1.0364534652562067e-279],
      [30, 40, 6.863022597203201e-28],
      [1000, 40, 5.2394260775866807e-210],
      [100000, 8, 6.286959938128186e-16],
      [1e9, 8, 6.220967142227382e-16],
    ];
    for (const [df, t, exact] of farTails) expect(relativeError(studentTCdf(-t, df), exact)).toBeLessThan(1e-13);
    const nearer: Array<[number, number, number]> = [
      [1000, 1.96, 0.02513659247787436],
      [10000000, 1.96, 0.024997909012657096],
      [1e9, 1.7, 0.04456546291402968],
      [1e9, 1.96, 0.0249978952868648],
      [1e9, 3, 0.0013498980648689578],
    ];
    for (const [df, t, exact] of nearer) expect(relativeError(studentTCdf(-t, df), exact)).toBeLessThan(1.5e-14);
    expect(relativeError(studentTCdf(1.96, 1e9), 0.9750021047131352)).toBeLessThan(2.3e-16);
    // Degrees of freedom past 1e154 squared to Infinity in the continued fraction (NaN); the normal limit here.
    expect(studentTCdf(-1e308, 1e300)).toBe(0);
    expect(relativeError(studentTQuantile(0.975, 1e300), 1.959963984540054)).toBeLessThan(1e-15);
  });

  it('rejects a probability outside (0, 1) and non-positive degrees of freedom', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(StatsArgumentError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(/degrees of freedom/);
    expect(() => studentTCdf(1, Number.NaN)).toThrow(/degrees of freedom/);
  });
});
