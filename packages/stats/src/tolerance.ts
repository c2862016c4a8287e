import { StatsArgumentError } from './errors';

/**
 * When two computed numbers count as equal. Scores reach the statistics after arithmetic in different orders
 * (0.6 - 0.5 = 0.09999999999999998 but 0.2 - 0.1 = 0.1), which must not decide whether values tie.
 */

/**
 * Relative tolerance of a tie: far above double rounding (1.1e-16 per operation, so thousands of operations on
 * the same numbers stay inside it), far below any difference between scores that means something (integers
 * such as token counts stay distinct up to 1e12).
 */
export const RELATIVE_TOLERANCE = 1e-12;

// Bound once: in a vm sandbox (Jest) each `Math` lookup in a hot loop is a slow global access (~100x).
const { abs, max } = Math;

/**
 * True when a and b differ by at most RELATIVE_TOLERANCE times the larger of |a| and |b|, or by at most
 * `absoluteTolerance` (default 0, as math.isclose's abs_tol: then 0 equals only 0). A relative tolerance alone cannot
 * tie anything to 0, so a caller that knows the scale below which differences mean nothing (comparisons of scores do)
 * passes it. An infinity equals only itself: the tolerance of an infinite value is infinite, which made Infinity equal
 * -Infinity and 1e308, and Infinity − Infinity is NaN, which made it unequal to itself (a NaN paired difference).
 */
export function nearlyEqual(a: number, b: number, absoluteTolerance = 0): boolean {
  const difference = abs(a - b);
  return a === b || (difference < Infinity && difference <= max(RELATIVE_TOLERANCE * max(abs(a), abs(b)), absoluteTolerance));
}

/**
 * How far from 0, per pair, b[i] - a[i] may be and still be no difference: the tolerance pairedDifferences applies
 * (RELATIVE_TOLERANCE of the pair's larger |score|, at least `absoluteTolerance`). Ranks of differences tie within it
 * too (wilcoxonSignedRank's tieTolerances): b - a carries the rounding of the scores, about 1e-16 of the scores, not of
 * the difference, so 0.3167 - 0.3166 and 0.7445 - 0.7444 differ by 1.1e-12 of their own 1e-4 though equal on paper.
 */
export function differenceTolerances(a: ArrayLike<number>, b: ArrayLike<number>, absoluteTolerance = 0): Float64Array {
  if (a.length !== b.length) {
    throw new StatsArgumentError(`paired samples must have the same length, got ${a.length} and ${b.length}`);
  }
  const tolerances = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const scale = max(abs(a[i]!), abs(b[i]!));
    // An infinite score has no rounding to allow for (and an infinite tolerance would tie every difference).
    tolerances[i] = scale < Infinity ? max(RELATIVE_TOLERANCE * scale, absoluteTolerance) : absoluteTolerance;
  }
  return tolerances;
}

/**
 * Paired differences b[i] - a[i], exactly 0 where the two values are nearlyEqual (with `absoluteTolerance`, default
 * 0): the same score reached by two computations (0.1 + 0.2 vs 0.3) is no difference, whatever the scale of the scores.
 */
export function pairedDifferences(a: ArrayLike<number>, b: ArrayLike<number>, absoluteTolerance = 0): Float64Array {
  if (a.length !== b.length) {
    throw new StatsArgumentError(`paired samples must have the same length, got ${a.length} and ${b.length}`);
  }
  const n = a.length;
  const diffs = new Float64Array(n);
  for (let i = 0; i < n; i++) diffs[i] = nearlyEqual(a[i]!, b[i]!, absoluteTolerance) ? 0 : b[i]! - a[i]!;
  return diffs;
}
