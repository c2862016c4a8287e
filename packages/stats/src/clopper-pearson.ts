import { StatsArgumentError } from './errors';

/** One-sided exact (Clopper–Pearson) bounds of a binomial proportion. */
export interface ProportionBounds {
  /** The smallest p with P(X >= k | p) > tail: p < low with probability at most `tail` (0 when k = 0). */
  low: number;
  /** The largest p with P(X <= k | p) > tail: p > high with probability at most `tail` (1 when k = n). */
  high: number;
}

// Lanczos (g = 7, nine terms): lnΓ to ~1e-15 relative, plenty for a bound found by bisection.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LN_SQRT_2PI = 0.9189385332046728;
// Bound once: in a vm sandbox (Jest) each `Math` lookup in a hot loop is a slow global access.
const { exp, log, log1p, min, max } = Math;

function lnGamma(x: number): number {
  x -= 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (x + i);
  const t = x + 7.5;
  return LN_SQRT_2PI + (x + 0.5) * log(t) - t + log(sum);
}

/**
 * P(X <= k) for X ~ Binomial(n, p), 0 <= k < n, 0 < p < 1: the tail away from the mode is summed from its largest term
 * outward (the terms shrink geometrically, so it stops once they no longer change the sum), the other is 1 minus it.
 */
function binomialCdf(k: number, n: number, p: number): number {
  const lnTerm = (j: number) => lnGamma(n + 1) - lnGamma(j + 1) - lnGamma(n - j + 1) + j * log(p) + (n - j) * log1p(-p);
  const odds = p / (1 - p);
  if (k < n * p) {
    let term = exp(lnTerm(k));
    let sum = term;
    for (let j = k; j > 0 && term > sum * 1e-17; j--) {
      term *= j / (n - j + 1) / odds;
      sum += term;
    }
    return min(1, sum);
  }
  let term = exp(lnTerm(k + 1));
  let sum = term;
  for (let j = k + 1; j < n && term > sum * 1e-17; j++) {
    term *= ((n - j) / (j + 1)) * odds;
    sum += term;
  }
  return max(0, 1 - sum);
}

/** The p in (lo, hi) where the decreasing f(p) crosses `target`, by bisection to the last bit. */
function solveDecreasing(f: (p: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Exact one-sided confidence bounds of a proportion from k successes in n trials, each at level `tail`: the
 * Clopper–Pearson bounds, `scipy.stats.binomtest(k, n).proportion_ci(1 - 2 * tail, 'exact')` (= beta.ppf(tail, k, n − k + 1)
 * and beta.ppf(1 − tail, k + 1, n − k)). They never cover less than 1 − tail, whatever p is.
 */
export function clopperPearsonBounds(k: number, n: number, tail: number): ProportionBounds {
  if (!Number.isSafeInteger(n) || n < 1 || !Number.isSafeInteger(k) || k < 0 || k > n) {
    throw new StatsArgumentError(`successes and trials must be integers with 0 <= successes <= trials and trials >= 1, got ${k} of ${n}`);
  }
  if (!(tail > 0 && tail < 1)) throw new StatsArgumentError(`tail must be strictly between 0 and 1, got ${tail}`);
  // P(X <= k | p) falls as p grows: high is where it reaches tail. P(X >= k | p) = 1 − P(X <= k − 1 | p) rises: low is
  // where it reaches tail, i.e. where P(X <= k − 1 | p) falls to 1 − tail.
  const high = k === n ? 1 : solveDecreasing((p) => binomialCdf(k, n, p), tail, 0, 1);
  const low = k === 0 ? 0 : solveDecreasing((p) => binomialCdf(k - 1, n, p), 1 - tail, 0, 1);
  return { low, high };
}

/**
 * The exact one-sided upper bound at level `tail` of a proportion from k < n successes in n trials, given that not all n
 * succeeded: the largest p with P(X <= k | X < n, p) > tail (1 for k = n − 1, which that condition cannot rule out).
 * A test of p that rejects only when X < n, with size at most tail · P(X < n | p) for every p: what lets a caller
 * spend tail only on samples with a failure, and the rest of its level where all succeeded. Above the Clopper–Pearson
 * bound, by little unless p^n is large (9 of 300 at 0.025: both 0.0562).
 */
export function clopperPearsonUpperGivenFewer(k: number, n: number, tail: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || !Number.isSafeInteger(k) || k < 0 || k >= n) {
    throw new StatsArgumentError(`successes and trials must be integers with 0 <= successes < trials, got ${k} of ${n}`);
  }
  if (!(tail > 0 && tail < 1)) throw new StatsArgumentError(`tail must be strictly between 0 and 1, got ${tail}`);
  if (k === n - 1) return 1;
  // P(X <= k | X < n) falls as p grows (the truncated binomial keeps the monotone likelihood ratio); P(X < n) = 1 − p^n.
  return solveDecreasing((p) => binomialCdf(k, n, p) / -Math.expm1(n * log(p)), tail, 0, 1);
}
