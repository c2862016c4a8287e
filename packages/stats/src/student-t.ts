import { halfBetaTails, lnGammaRatioHalf } from './beta-half';
import { StatsArgumentError } from './errors';
import { normalUpperQuantileEstimate } from './normal';

/**
 * Student's t distribution without a dependency. Both tails come from the regularized incomplete beta function
 * (./beta-half), each computed directly rather than as 1 minus the other; the quantile solves for the tail
 * probability min(p, 1 - p), which is exact for any double p (1 - p is exact for p >= 1/2; 1 - (1 - p) is not).
 * Against mpmath at 60 digits both agree to a few units in the last place the double input allows; see the tests.
 */

const LN_SQRT_PI = 0.5723649429247001;

function checkDf(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) throw new StatsArgumentError(`degrees of freedom must be a positive finite number, got ${df}`);
}

/**
 * [P(T > t), P(0 < T < t), y, ln x] for t >= 0, with x = df / (df + t²) and y = t² / (df + t²). Formed from
 * r = t / sqrt(df) or its inverse, so that neither t² overflowing (t > 1.3e154) nor x rounding near 1 costs digits;
 * x^(df/2) y^(1/2) comes from powers of r rather than from exp of a large logarithm, whose rounding (1e-13 at
 * ln x = -700) would be multiplied by 1/df in the quantile.
 */
function tails(t: number, df: number): [number, number, number, number] {
  const a = df / 2;
  const r = t / Math.sqrt(df);
  if (r <= 1) {
    const r2 = r * r;
    const lnX = -Math.log1p(r2);
    const y = r2 / (1 + r2);
    return [...halfBetaTails(a, 1 / (1 + r2), y, lnX, r * Math.exp((a + 0.5) * lnX)), y, lnX];
  }
  const s = Math.sqrt(df) / t;
  const s2 = s * s;
  const lnY = -Math.log1p(s2);
  const lnX = 2 * Math.log(s) + lnY;
  return [...halfBetaTails(a, s2 / (1 + s2), 1 / (1 + s2), lnX, s ** df * Math.exp((a + 0.5) * lnY)), 1 / (1 + s2), lnX];
}

/** P(T <= t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const [upper, center] = tails(Math.abs(t), df);
  return t > 0 ? 0.5 + center : upper;
}

/** ln of the density at the t whose x = df / (df + t²) has logarithm lnX. */
function lnDensity(df: number, lnX: number): number {
  return lnGammaRatioHalf(df / 2) - 0.5 * Math.log(df) - LN_SQRT_PI + ((df + 1) / 2) * lnX;
}

/**
 * The t > 0 with P(T > t) = q for 0 < q < 1/2. Halley steps, kept inside a bracket (bisection otherwise), on the
 * logarithm of the tail that is computed directly: P(0 < T < t) against ln t while q >= 1/4, else P(T > t) against
 * w = ln(1 + t²/df), in which it is close to linear from the centre to the far tail for every df
 * (-df/2 w - ln(w)/2 + constant). Each step moves t itself, so t keeps every digit even where w has few.
 */
function upperQuantile(q: number, df: number): number {
  // Closed forms: t = cot(pi q) for df = 1 (1/(pi q) once tan(pi q) = pi q exactly), and for df = 2.
  if (df === 1) return q < 1e-20 ? 1 / Math.PI / q : q < 0.25 ? 1 / Math.tan(Math.PI * q) : Math.tan(Math.PI * (0.5 - q));
  if (df === 2) return (1 - 2 * q) / Math.sqrt(2 * q * (1 - q));
  const a = df / 2;
  const lnRatio = lnGammaRatioHalf(a);
  // Bracket: the density is below its power law c (t²/df)^(-(df + 1)/2), so the tail is below c df^((df - 1)/2) t^-df
  // and where that bound equals q is above t; the density is below its value at 0, so (1/2 - q) / density(0) is below t.
  const lnBound = (2 / df) * (lnRatio - LN_SQRT_PI - Math.log(df) - Math.log(q)); // ln(t²/df) at the upper bound
  // (Widened by 1e-9 against their rounding where they are tight.)
  let high = Math.sqrt(df) * Math.exp(lnBound / 2) * (1 + 1e-9);
  let low = ((0.5 - q) / Math.exp(lnRatio - 0.5 * Math.log(df) - LN_SQRT_PI)) * (1 - 1e-9);
  if (!Number.isFinite(high)) {
    if (tails(Number.MAX_VALUE, df)[0] > q) return Infinity;
    high = Number.MAX_VALUE;
  }
  const center = q >= 0.25;
  const target = center ? 0.5 - q : q;
  let t = low;
  if (!center) {
    // Start from the smaller of the bound and the normal-like estimate w = z² / (df - 1/2) (the leading term of the
    // large-df series); both are near the answer in the far tail.
    const z = normalUpperQuantileEstimate(q);
    const w = df > 0.5 ? (z * z) / (df - 0.5) : Infinity;
    t = Math.max(low, Math.min(high, Math.sqrt(df) * Math.sqrt(Math.expm1(w))));
  }
  for (let i = 0; i < 100; i++) {
    const [upper, middle, y, lnX] = tails(t, df);
    const value = center ? middle : upper;
    // ln(value / target), not ln(value) - ln(target): near 1e-300 each logarithm is off by 1e-13.
    const f = Math.log(value / target);
    if (f === 0) return t;
    if ((f < 0) === center) low = t;
    else high = t;
    // f' and f''/f' with respect to ln t (centre) or w (tail), from the density's derivative.
    const lnSlope = lnDensity(df, lnX) + Math.log(t) - Math.log(value);
    let slope: number;
    let curvature: number;
    if (center) {
      slope = Math.exp(lnSlope);
      curvature = 1 - (df + 1) * y - slope;
    } else {
      slope = -Math.exp(lnSlope) / (2 * y);
      curvature = -(df - 1) / 2 - 1 / (2 * y) - slope;
    }
    const step = -f / slope / (1 - (f * curvature) / (2 * slope));
    // ln t moves by `step`, or w does: then t² grows by the factor 1 + expm1(step) / y.
    const growth = center ? Math.expm1(step) : Math.expm1(step) / y;
    const next = center ? t + t * growth : t + (t * growth) / (Math.sqrt(1 + growth) + 1);
    // Halley converges cubically: after a step of 1e-6 the error is far below the tail's own rounding. (Clamped,
    // as that last step can leave the bracket by the tail's rounding when it is already at the root.)
    if (Math.abs(next - t) <= 1e-6 * t) return Math.min(Math.max(next, low), high);
    t = next > low && next < high ? next : low + (high - low) / 2;
  }
  return t;
}

const quantileCache = new Map<string, number>();

/** The p-quantile of Student's t with `df` degrees of freedom (0 < p < 1); memoized, as intervals reuse a few. */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1)) throw new StatsArgumentError(`p must be strictly between 0 and 1, got ${p}`);
  if (p === 0.5) return 0;
  const key = `${p}:${df}`;
  const cached = quantileCache.get(key);
  if (cached !== undefined) return cached;
  const t = p < 0.5 ? -upperQuantile(p, df) : upperQuantile(1 - p, df);
  if (quantileCache.size > 1000) quantileCache.clear();
  quantileCache.set(key, t);
  return t;
}
