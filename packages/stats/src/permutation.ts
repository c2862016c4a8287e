import { StatsArgumentError } from './errors';
import { createRng32 } from './seeded-random';

/** Options of pairedPermutationTest. */
export interface PermutationOptions {
  /** Random sign patterns for the Monte Carlo test (n > 20); default 10,000. */
  iterations?: number;
  /** Seed of the Monte Carlo generator; default 42. */
  seed?: number;
}

/** The result of pairedPermutationTest. */
export interface PermutationResult {
  /** Two-sided p-value (NaN when a difference is NaN or infinite). */
  pValue: number;
  /** 'exact' (all 2^n sign patterns) or 'monte-carlo' (random patterns, (count + 1) / (iterations + 1)). */
  method: 'exact' | 'monte-carlo';
}

// Bound once: in a vm sandbox (Jest) each `Math` lookup in a hot loop is a slow global access (~100x).
const { abs, min } = Math;
const { EPSILON } = Number;

/** Largest n enumerated exactly: 2^20 sign patterns. */
const EXACT_MAX_N = 20;

/**
 * Paired sign-flip permutation test of the mean difference, two-sided: under the null each difference is
 * as likely negated, so p = P(|sum of randomly signed diffs| >= |observed sum|). Exact for n <= 20, else
 * Monte Carlo (deterministic for a seed). p = 1 for no differences.
 */
export function pairedPermutationTest(diffs: ArrayLike<number>, options: PermutationOptions = {}): PermutationResult {
  const { iterations = 10_000, seed = 42 } = options;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new StatsArgumentError(`iterations must be a positive integer, got ${iterations}`);
  }
  const data = Float64Array.from(diffs);
  let observed = 0;
  let scale = 0;
  for (let i = 0; i < data.length; i++) {
    observed += data[i]!;
    scale += abs(data[i]!);
  }
  // A sign pattern counts as extreme when |sum| >= |observed| up to rounding: sums in another order differ in
  // the last bits (0.1 + 0.2 vs 0.2 + 0.1), and a true tie must count. Summing n numbers in two orders differs
  // by at most about n * epsilon * sum|d| (Higham's bound), so that is the tolerance: it merges only sums that
  // doubles cannot tell apart, never a genuinely different one ([1e9, 1e9, 0.5, 0.5]: 2e9 + 1 vs 2e9).
  const threshold = abs(observed) - data.length * EPSILON * scale;
  // NaN for a NaN or infinite difference (SciPy propagates NaN): no signed sum is >= a NaN threshold, so they gave p = 0.
  if (Number.isNaN(threshold)) return { pValue: Number.NaN, method: data.length <= EXACT_MAX_N ? 'exact' : 'monte-carlo' };
  if (data.length <= EXACT_MAX_N) return { pValue: exactPValue(data, threshold), method: 'exact' };
  return { pValue: monteCarloPValue(data, threshold, iterations, seed), method: 'monte-carlo' };
}

/**
 * Enumerates all 2^n sign patterns meeting in the middle: every signed sum of the first half plus every
 * signed sum of the second half, so each sum costs one addition instead of n.
 */
function exactPValue(data: Float64Array, threshold: number): number {
  const half = data.length >> 1;
  const left = signedSums(data.subarray(0, half));
  const right = signedSums(data.subarray(half));
  let extreme = 0;
  for (let i = 0; i < left.length; i++) {
    const l = left[i]!;
    for (let j = 0; j < right.length; j++) if (abs(l + right[j]!) >= threshold) extreme++;
  }
  return extreme / (left.length * right.length);
}

/** All 2^values.length sums of +-values[i]. */
function signedSums(values: Float64Array): Float64Array {
  const sums = new Float64Array(2 ** values.length);
  let size = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    for (let j = 0; j < size; j++) {
      sums[j + size] = sums[j]! - v;
      sums[j]! += v;
    }
    size *= 2;
  }
  return sums;
}

/** (count + 1) / (iterations + 1) over random sign patterns: the observed pattern counts as one, so p > 0. */
function monteCarloPValue(data: Float64Array, threshold: number, iterations: number, seed: number): number {
  const next = createRng32(seed);
  const n = data.length;
  let extreme = 0;
  for (let it = 0; it < iterations; it++) {
    let sum = 0;
    for (let i = 0; i < n; i += 32) {
      let bits = next();
      const end = min(n, i + 32);
      // One 32-bit draw signs 32 differences; 1 - 2 * bit is +-1 without a branch to mispredict.
      for (let j = i; j < end; j++, bits >>>= 1) sum += data[j]! * (1 - 2 * (bits & 1));
    }
    if (abs(sum) >= threshold) extreme++;
  }
  return (extreme + 1) / (iterations + 1);
}
