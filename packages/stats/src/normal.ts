/**
 * The standard normal distribution's tails, to double precision without a dependency:
 * erfc from its power series below 1.5 and its continued fraction above (relative error < 1e-14 against SciPy).
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** erf(x) for 0 <= x < 1.5 by the series 2/sqrt(pi) e^-x^2 sum 2^k x^(2k+1) / (2k+1)!!, whose terms are all positive (no cancellation). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 200; k++) {
    term *= (2 * x2) / (2 * k + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * e^(x^2) erfc(x) for x >= 1.5 by Laplace's continued fraction 1/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
 * (modified Lentz).
 */
function erfcxContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return ONE_OVER_SQRT_PI / f;
}

/** The complementary error function erfc(x) = 1 - erf(x), accurate in relative terms far into the upper tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < 1.5 ? 1 - erfSeries(x) : Math.exp(-x * x) * erfcxContinuedFraction(x);
}

/** The scaled complementary error function e^(x^2) erfc(x) for x >= 0, finite where erfc(x) underflows. @internal */
export function erfcx(x: number): number {
  return x < 1.5 ? Math.exp(x * x) * (1 - erfSeries(x)) : erfcxContinuedFraction(x);
}

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

// Acklam's rational approximations of the normal quantile (relative error below 1.2e-9).
const CENTRAL_NUMERATOR = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const CENTRAL_DENOMINATOR = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572, 1];
const TAIL_NUMERATOR = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const TAIL_DENOMINATOR = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1];

function polynomial(coefficients: number[], x: number): number {
  let value = 0;
  for (const c of coefficients) value = value * x + c;
  return value;
}

/**
 * The z > 0 with P(Z > z) = q for 0 < q <= 1/2, to about 1e-9 relative (Acklam's approximation): a starting
 * point for iterations that then solve exactly. @internal
 */
export function normalUpperQuantileEstimate(q: number): number {
  if (q >= 0.02425) {
    const r = (0.5 - q) ** 2;
    return ((0.5 - q) * polynomial(CENTRAL_NUMERATOR, r)) / polynomial(CENTRAL_DENOMINATOR, r);
  }
  const r = Math.sqrt(-2 * Math.log(q));
  return -polynomial(TAIL_NUMERATOR, r) / polynomial(TAIL_DENOMINATOR, r);
}
