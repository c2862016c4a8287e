import { clopperPearsonBounds, clopperPearsonUpperGivenFewer, nearlyEqual, studentTQuantile } from '@llm-eval/stats';
import type { Changes, IntervalBasis } from './test-metric';

/** Lower and upper bound of Δ. @internal */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Exact one-sided bounds at testAlpha each of Δ = size · (P(up) − P(down)) when every difference is −size, 0 or +size
 * (pass/fail scores: size 1): Δ <= high(up) − low(down) unless P(up) > high(up) or P(down) < low(down), each with
 * probability at most testAlpha / 2 by the Clopper–Pearson bounds at testAlpha / 2 (Bonferroni), whatever the rates of
 * up, down and no change are; so too for the low end. 9 of 300 items up and none down: Δ < 0.0562 − 0 (the t interval
 * said 0.0494 at alpha = 0.05). Sizes equal only up to rounding (0.6 and 0.6000000000000001) weigh the gains by the
 * largest and the losses by the smallest at the high end, and the other way round at the low end. @internal
 */
export function signBounds(
  { up, down, pairs }: NonNullable<IntervalBasis['signCounts']>,
  testAlpha: number,
  smallest = 1,
  largest = 1,
): Interval {
  const ups = clopperPearsonBounds(up, pairs, testAlpha / 2);
  const downs = clopperPearsonBounds(down, pairs, testAlpha / 2);
  return {
    low: Math.max(-largest, smallest * ups.low - largest * downs.high),
    high: Math.min(largest, largest * ups.high - smallest * downs.low),
  };
}

/**
 * Bounds of Δ at testAlpha each (one-sided) for "unchanged" from the differences that are not 0 (`changes`), in units
 * of the differences; `exact` when they need no t interval; null when they do not bound Δ (no changes, or too few to
 * measure their spread).
 *
 * Every change the same size c (up to `absoluteTolerance`), with some items unchanged: Δ = c · (P(up) − P(down)),
 * bounded exactly by signBounds scaled by c.
 *
 * Otherwise Δ = q · ν, q = P(D ≠ 0) the share of items that change and ν = E[D | D ≠ 0] their mean change. With k of the
 * n items changed, the high end is high(q) · high(ν) (low(q) · high(ν) when high(ν) < 0), the low end likewise with
 * low(ν) (times high(q) when low(ν) <= 0). high(ν) and low(ν) are the t bounds from the k changes alone, at
 * testAlpha / 2 when some item is unchanged (k < n), at testAlpha when none is; high(q) is 1 when none is, else the
 * exact bound at testAlpha / 2 given that some item is unchanged (clopperPearsonUpperGivenFewer).
 *
 * Why that is valid for the claim it backs, |Δ| < minEffect with each side a one-sided test at testAlpha: a false
 * "below minEffect" needs Δ >= minEffect > 0, so q > 0 and ν > 0. If high(ν) < 0 then ν > high(ν); else high <
 * minEffect <= q · ν with both factors >= 0 needs q > high(q) or ν > high(ν). The first happens only when k < n and, by
 * the exact bound, with probability at most testAlpha / 2 · P(k < n), whatever q is. Given k, the k changes are a
 * sample of D given D ≠ 0, so ν > high(ν) has probability at most its level, as far as the t interval of k values of
 * that distribution covers: the point mass at 0 that made the t interval of all n differences too narrow (rare changes
 * all one way: a sample that drew fewer of them than expected also shows less spread) is not in it. In all at most
 * testAlpha / 2 · P(k < n) + testAlpha · P(k = n) + testAlpha / 2 · P(k < n) = testAlpha. The low end is the mirror
 * image (a false "above −minEffect" needs ν < 0). q's lower bound only enters when the t bound of ν has already missed,
 * so it costs no share of testAlpha; and when no item is unchanged the bounds are the t interval's own, so metrics whose
 * every item changes (continuous scores) lose nothing.
 *
 * It is no cure for changes skewed in themselves (most items up a little, a few up a lot, none unchanged): the bounds
 * are then the t interval's. @internal
 */
export function changeBounds(changes: Changes, testAlpha: number, absoluteTolerance: number): (Interval & { exact: boolean }) | null {
  const { up, down, pairs, mean, standardError, smallest, largest } = changes;
  const count = up + down;
  if (count === 0) return null;
  if (nearlyEqual(smallest, largest, absoluteTolerance)) return { ...signBounds({ up, down, pairs }, testAlpha, smallest, largest), exact: true };
  if (count < 2 || !Number.isFinite(standardError) || Number.isNaN(mean)) return null;
  const everyItem = count === pairs;
  const qLow = clopperPearsonBounds(count, pairs, testAlpha / 2).low;
  const qHigh = everyItem ? 1 : clopperPearsonUpperGivenFewer(count, pairs, testAlpha / 2);
  const half = -studentTQuantile(everyItem ? testAlpha : testAlpha / 2, count - 1) * standardError;
  const [nuLow, nuHigh] = [mean - half, mean + half];
  return {
    low: (nuLow <= 0 ? qHigh : qLow) * nuLow,
    high: (nuHigh >= 0 ? qHigh : qLow) * nuHigh,
    exact: false,
  };
}
