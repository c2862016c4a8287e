import { erfcx } from './normal';

/**
 * The regularized incomplete beta function I_x(a, 1/2), the one special function of Student's t with df = 2a
 * degrees of freedom: P(T > t) = I_x(a, 1/2) / 2 with x = df / (df + t²).
 *
 * Callers pass x, y = 1 - x, ln x and x^a y^(1/2), each formed from t without cancellation, because for large a
 * the result is as sensitive to x as x^a is: x = 1 - 4e-9 rounded to a double is already off by a * 1e-16 (5e-8 at
 * df = 1e9). Hence, where x is near 1 and a is large, DiDonato and Morris's BGRAT series in ln x replaces the
 * continued fraction in x. Only b = 1/2 is needed, which makes BGRAT's incomplete gamma function an erfc.
 */

const LN_SQRT_PI = 0.5723649429247001; // ln Γ(1/2)
const SQRT_PI = 1.7724538509055159;

/** lnΓ(x) - ((x - 1/2) ln x - x + ln(2π)/2) by Stirling's series; for x >= 20 the first omitted term is below 1e-17. */
function stirlingCorrection(x: number): number {
  const x2 = x * x;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * x2)) / x2) / x2) / x2) / x;
}

/**
 * ln(Γ(a + 1/2) / Γ(a)) for a > 0, to about 1e-16 absolute: shifted up to a + n >= 20 by Γ(z + 1) = z Γ(z),
 * where the difference of two Stirling series has no large terms to cancel. @internal
 */
export function lnGammaRatioHalf(a: number): number {
  let product = 1;
  let n = 0;
  for (; a + n < 20; n++) product *= (a + n) / (a + n + 0.5);
  const z = a + n;
  const stirling = (z - 0.5) * Math.log1p(0.5 / z) + 0.5 * Math.log(z + 0.5) - 0.5;
  return Math.log(product) + stirling + stirlingCorrection(z + 0.5) - stirlingCorrection(z);
}

/** The continued fraction of I_x(a, b) (Numerical Recipes' betacf, modified Lentz); fast for x < (a + 1) / (a + b + 2). */
function continuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let f = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    // (As products of ratios: (a + 2m)² overflows for a above 1e154.)
    let numerator = ((m * (b - m)) / (a + m2 - 1)) * (x / (a + m2));
    d = 1 + numerator * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + numerator / c;
    c = Math.abs(c) < tiny ? tiny : c;
    f *= d * c;
    numerator = -((a + m) / (a + m2)) * ((a + b + m) / (a + m2 + 1)) * x;
    d = 1 + numerator * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + numerator / c;
    c = Math.abs(c) < tiny ? tiny : c;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}

// BGRAT's coefficients p_n for b = 1/2 (DiDonato & Morris 1992, eq. 9.4), computed once.
const BGRAT_P: number[] = (() => {
  const b = 0.5;
  const factorial = [1];
  for (let i = 1; i <= 61; i++) factorial.push(factorial[i - 1]! * i);
  const p = [1];
  for (let n = 1; n < 30; n++) {
    let sum = 0;
    for (let m = 1; m < n; m++) sum += ((m * b - n) * p[n - m]!) / factorial[2 * m + 1]!;
    p.push(sum / n + (b - 1) / factorial[2 * n + 1]!);
  }
  return p;
})();

/**
 * I_x(a, 1/2) for a >= 15 and x > 0.7 from ln x alone: DiDonato and Morris's asymptotic series in 1/a (BGRAT, as in
 * Boost's beta_small_b_large_a_series), whose leading term is erfc(sqrt(u)) with u = -(a - 1/4) ln x.
 */
function bgrat(a: number, lnX: number): number {
  const t = a - 0.25;
  const u = -t * lnX;
  const sqrtU = Math.sqrt(u);
  // j_n are DiDonato and Morris's J_n divided by h = sqrt(u) e^-u / sqrt(pi), which is factored out of the sum so
  // that nothing underflows before the result does: j_0 = erfc(sqrt(u)) / h.
  let j = (erfcx(sqrtU) * SQRT_PI) / sqrtU;
  let sum = j;
  const lnX2 = (lnX / 2) ** 2;
  let lnXPower = 1;
  const t4 = 4 * t * t;
  let b2n = 0.5;
  for (let n = 1; n < BGRAT_P.length; n++) {
    j = (b2n * (b2n + 1) * j + (u + b2n + 1) * lnXPower) / t4;
    lnXPower *= lnX2;
    b2n += 2;
    const term = BGRAT_P[n]! * j;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) break;
  }
  // h Γ(a + 1/2) / (Γ(a) sqrt(t)) times the sum.
  return Math.exp(lnGammaRatioHalf(a) - 0.5 * Math.log(t) - u + 0.5 * Math.log(u) - LN_SQRT_PI) * sum;
}

/**
 * [I_x(a, 1/2) / 2, I_y(1/2, a) / 2], which add up to 1/2: with a = df / 2, P(T > t) and P(0 < T < t). The one
 * that is computed directly is accurate relative to itself however small; the other is 1/2 minus it. `power` is
 * x^a y^(1/2), which the caller can form more accurately than exp(a ln x + ln(y) / 2). @internal
 */
export function halfBetaTails(a: number, x: number, y: number, lnX: number, power: number): [number, number] {
  // I_x(a, 1/2) directly where its fraction converges fast, x < (a + 1) / (a + 5/2) (said in y: at a = 5e99 both
  // sides round to 1); for a >= 15 by BGRAT from a y > 1/2 (|t| > ~1) on, as Boost does, because the fraction in y
  // loses digits towards its limit.
  if (a >= 15 ? y * (a + 2.5) > 0.5 : y > 1.5 / (a + 2.5)) {
    const upper =
      a >= 15 && y < 0.3
        ? bgrat(a, lnX) / 2
        : (Math.exp(lnGammaRatioHalf(a) - LN_SQRT_PI) * power * continuedFraction(a, 0.5, x)) / (2 * a);
    return [upper, 0.5 - upper];
  }
  const center = Math.exp(lnGammaRatioHalf(a) - LN_SQRT_PI) * power * continuedFraction(0.5, a, y);
  return [0.5 - center, center];
}
