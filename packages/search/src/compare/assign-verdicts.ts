import { holmAdjust, minimumInformativePairs } from '@llm-eval/stats';
import type { MetricComparison, Significance, Verdict } from './comparison-types';

/** What decides the verdicts. @internal */
export interface VerdictOptions {
  confidence: number;
  minEffect: number;
}

/**
 * Verdicts for all metrics of one comparison, together:
 * - insufficient_data: fewer pairs than minimumInformativePairs(alpha) (6 at alpha = 0.05), or scores that differ
 *   on some but fewer than that many items: the exact test could not reach alpha whatever the data said.
 * - improved / regressed: Holm-adjusted p < alpha AND the t interval (Δ itself when every pair differs by the same
 *   amount, which has no interval) clears minEffect in that direction AND the
 *   test's statistic points that way (a significant rank test of "the typical item got better" is no evidence that
 *   the mean got worse) AND, for numeric metrics, the paired t-test of the mean is significant after the same Holm
 *   correction (the interval alone is not corrected for the number of metrics).
 * - unchanged: no pair differs, or (minEffect > 0) the interval lies within ±minEffect: evidence of no meaningful change.
 * - not_significant: otherwise: no change shown, none ruled out ("unchanged" would claim more than the data say).
 * Holm rather than Benjamini–Hochberg because a verdict here is a claim someone acts on (`--fail-on-regression`
 * fails a build): Holm bounds the chance of ANY false verdict in a comparison by alpha, BH only the expected share
 * of false ones among those declared. Metrics whose test cannot reach alpha at all cannot give a false verdict,
 * so they are left out of the family (Tarone's refinement, valid for Holm), which keeps the correction from
 * punishing a comparison for metrics that barely changed.
 * @internal
 */
export function assignVerdicts(
  tested: MetricComparison[],
  { confidence, minEffect }: VerdictOptions,
): { metrics: MetricComparison[]; significance: Significance } {
  // 1 - 0.95 is 0.050000000000000044 in doubles: round so that p = 0.05 is not significant at 0.05.
  const alpha = Number((1 - confidence).toPrecision(12));
  const minimumPairs = minimumInformativePairs(alpha);
  const sufficient = (m: MetricComparison) =>
    m.pValue !== null && m.pairs >= minimumPairs && (m.informativePairs === 0 || m.informativePairs >= minimumPairs);
  // In the family: metrics whose test can reach alpha (p = 1 without any differing pair cannot either).
  const family = tested.filter((m) => sufficient(m) && m.informativePairs > 0);
  const holm = holmAdjust(family.map((m) => m.pValue!));
  const adjusted = new Map(family.map((m, i) => [m, holm[i]!]));
  // The mean's own test, corrected across the same family (McNemar's already tests what its interval reports).
  const holmOfMeans = holmAdjust(family.map((m) => m.meanPValue ?? m.pValue!));
  const meanAdjusted = new Map(family.map((m, i) => [m, holmOfMeans[i]!]));
  const metrics = tested.map((m): MetricComparison => {
    const pValueAdjusted = adjusted.get(m) ?? null;
    const meanSignificant = (meanAdjusted.get(m) ?? 1) < alpha;
    return { ...m, pValueAdjusted, verdict: verdictOf(m, pValueAdjusted, sufficient(m), alpha, minEffect, meanSignificant) };
  });
  return { metrics, significance: { alpha, correction: 'holm', minimumPairs } };
}

function verdictOf(m: MetricComparison, pAdjusted: number | null, sufficient: boolean, alpha: number, minEffect: number, meanSignificant: boolean): Verdict {
  if (!sufficient) return 'insufficient_data';
  if (m.informativePairs === 0) return 'unchanged';
  const noChange = noChangeVerdict(m, minEffect);
  const interval = intervalOf(m);
  if (pAdjusted === null || !(pAdjusted < alpha) || !meanSignificant || interval === null) return noChange;
  // The interval must clear the minimum effect entirely, in the better direction.
  const better = m.lowerIsBetter ? -1 : 1;
  const low = better === 1 ? interval.low : -interval.high;
  const high = better === 1 ? interval.high : -interval.low;
  // The test's own direction must agree: its p-value is evidence for the way its statistic points, not the other.
  const tested = (m.testDirection ?? 0) * better;
  return low > minEffect && tested > 0 ? 'improved' : high < -minEffect && tested < 0 ? 'regressed' : noChange;
}

/** Without a significant change: unchanged when the interval shows any change is within ±minEffect, else not_significant. */
function noChangeVerdict(m: MetricComparison, minEffect: number): Verdict {
  const interval = intervalOf(m);
  return minEffect > 0 && interval !== null && interval.low >= -minEffect && interval.high <= minEffect ? 'unchanged' : 'not_significant';
}

/**
 * What the verdict weighs against minEffect: the interval, or Δ itself when every pair differs by the same amount
 * (the item-by-item change is then Δ on every item; whether that is significant is the tests' to say, with the exact
 * sign-flip p 2 / 2^n). Null without either.
 */
function intervalOf(m: MetricComparison): { low: number; high: number } | null {
  if (m.ci.low !== null && m.ci.high !== null) return { low: m.ci.low, high: m.ci.high };
  if (m.ci.reason === 'constant-differences' && m.difference !== null) return { low: m.difference, high: m.difference };
  return null;
}
