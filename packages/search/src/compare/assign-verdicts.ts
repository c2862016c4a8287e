import { holmAdjust, minimumInformativePairs, studentTQuantile } from '@llm-eval/stats';
import type { MetricComparison, Significance, Verdict } from './comparison-types';
import { changeBounds, type Interval, signBounds } from './equivalence-bounds';
import { SCORE_ABSOLUTE_TOLERANCE } from './score-tolerance';
import type { TestedMetric } from './test-metric';

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
 *   amount, which has no interval) clears minEffect in that direction (with minEffect > 0, the (1 − 2·alpha/m)
 *   interval too: a one-sided test of Δ beyond minEffect at alpha / m, since Holm's test is of Δ = 0; 10 metrics each
 *   truly changed by exactly minEffect were called improved in 17% of comparisons without it) AND the
 *   test's statistic points that way (a significant rank test of "the typical item got better" is no evidence that
 *   the mean got worse) AND, for numeric metrics, the paired t-test of the mean is significant after the same Holm
 *   correction (the interval alone is not corrected for the number of metrics).
 * - unchanged: no pair differs, or (minEffect > 0) two one-sided tests show |Δ| < minEffect at alpha / m, m the metrics
 *   that could be shown so (enough pairs, some differing, an interval): the (1 − 2·alpha/m) t interval, remade from the
 *   reported one's mean and standard error, lies within ±minEffect, and so do bounds from the changed items alone
 *   (equivalenceInterval: the t interval is too narrow when changes are rare and one way). Bonferroni keeps the chance of any false
 *   "unchanged" in a comparison at alpha, as Holm does for the others: judged by its own 95% interval each, 10 metrics
 *   each truly 0.0505 apart gave some "unchanged" at minEffect 0.05 in 18% of comparisons. Never from Δ alone (every
 *   pair differing by the same amount): a point is no interval, and Δ = 0.09999999999999999 was "within" ±0.1.
 * - not_significant: otherwise: no change shown, none ruled out ("unchanged" would claim more than the data say).
 * Holm rather than Benjamini–Hochberg because a verdict here is a claim someone acts on (`--fail-on-regression`
 * fails a build): Holm bounds the chance of ANY false verdict in a comparison by alpha, BH only the expected share
 * of false ones among those declared. Metrics whose test cannot reach alpha at all cannot give a false verdict,
 * so they are left out of the family (Tarone's refinement, valid for Holm), which keeps the correction from
 * punishing a comparison for metrics that barely changed.
 * @internal
 */
export function assignVerdicts(
  tested: TestedMetric[],
  { confidence, minEffect }: VerdictOptions,
): { metrics: MetricComparison[]; significance: Significance } {
  const alpha = alphaOf(confidence);
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
  // Those that could be shown unchanged, or changed by more than minEffect: each is tested at alpha / m (Bonferroni).
  const boundAlpha = alpha / Math.max(1, family.filter((m) => m.basis && m.ci.low !== null && m.ci.high !== null).length);
  const metrics = tested.map((t): MetricComparison => {
    const { basis, ...m } = t;
    const pValueAdjusted = adjusted.get(t) ?? null;
    const meanSignificant = (meanAdjusted.get(t) ?? 1) < alpha;
    const bounds = minEffect > 0 ? correctedInterval(m, basis, boundAlpha) : null;
    const within = minEffect > 0 ? equivalenceInterval(m, basis, boundAlpha) : null;
    const verdict = verdictOf(m, pValueAdjusted, sufficient(m), alpha, minEffect, meanSignificant, bounds, within);
    return { ...m, pValueAdjusted, verdict };
  });
  return { metrics, significance: { alpha, correction: 'holm', minimumPairs } };
}

/**
 * The significance level 1 − confidence as the decimal it is: 1 − 0.95 is 0.050000000000000044 in doubles (so p = 0.05
 * would be significant at "0.05") and 1 − 0.999999 is 1.0000000000287557e-06. Rounded to the decimals of `confidence`
 * (as JavaScript writes it), which 1 − confidence has too, it is 0.05 and 1e-6.
 */
function alphaOf(confidence: number): number {
  const [mantissa = '', exponent = '0'] = String(confidence).split('e');
  const decimals = (mantissa.split('.')[1] ?? '').length - Number(exponent);
  return Number((1 - confidence).toFixed(Math.min(100, Math.max(0, decimals))));
}

function verdictOf(
  m: MetricComparison,
  pAdjusted: number | null,
  sufficient: boolean,
  alpha: number,
  minEffect: number,
  meanSignificant: boolean,
  bounds: Interval | null,
  within: Interval | null,
): Verdict {
  if (!sufficient) return 'insufficient_data';
  if (m.informativePairs === 0) return 'unchanged';
  // Two one-sided tests of |Δ| < minEffect at alpha / m: the equivalence bounds lie strictly within ±minEffect.
  const noChange: Verdict = within !== null && within.low > -minEffect && within.high < minEffect ? 'unchanged' : 'not_significant';
  const interval = intervalOf(m);
  if (pAdjusted === null || !(pAdjusted < alpha) || !meanSignificant || interval === null) return noChange;
  // The interval must clear the minimum effect entirely, in the better direction; with minEffect, the corrected one
  // too (a one-sided test of Δ beyond minEffect at alpha / m: the Holm test is of Δ = 0, not of Δ = minEffect).
  const better = m.lowerIsBetter ? -1 : 1;
  const oriented = (i: Interval) => (better === 1 ? i : { low: -i.high, high: -i.low });
  const reported = oriented(interval);
  const corrected = bounds === null ? reported : oriented(bounds);
  // The test's own direction must agree: its p-value is evidence for the way its statistic points, not the other.
  const tested = (m.testDirection ?? 0) * better;
  if (reported.low > minEffect && corrected.low > minEffect && tested > 0) return 'improved';
  if (reported.high < -minEffect && corrected.high < -minEffect && tested < 0) return 'regressed';
  return noChange;
}

/**
 * The (1 − 2·testAlpha) t interval, made as the reported one is (and cut to −1…+1 for pass/fail metrics): each end is a
 * one-sided test at testAlpha. Null without a reported interval (a point Δ is no interval: "unchanged" is then never
 * shown, and "improved"/"regressed" weigh Δ as before). When every difference is −1, 0 or +1, exact bounds instead
 * (signBounds): the t interval undercovers when changes are rare and one way.
 */
function correctedInterval(m: MetricComparison, basis: TestedMetric['basis'], testAlpha: number): Interval | null {
  if (!basis || m.ci.low === null || m.ci.high === null) return null;
  if (basis.signCounts) return signBounds(basis.signCounts, testAlpha);
  const half = -studentTQuantile(testAlpha, basis.df) * basis.standardError;
  let low = (basis.mean - half) * basis.scale;
  let high = (basis.mean + half) * basis.scale;
  if (m.kind === 'boolean') [low, high] = [Math.max(-1, low), Math.min(1, high)];
  return { low, high };
}

/**
 * What "unchanged" needs within ±minEffect, each end a one-sided test at testAlpha: for differences of −1, 0 and +1 the
 * exact bounds (as correctedInterval); when every change has one size c, those scaled by c (exact too; alone, as for
 * pass/fail); otherwise the corrected t interval widened to contain changeBounds' bounds from the changed items alone.
 * Requiring both keeps each end's chance of a false claim at most testAlpha if either bound is valid: the t interval's
 * where changes are common, the split's where they are rare (300 items at 0.4, 18 of them 1.0 in B: the 90% t interval
 * ended at 0.0496 and said unchanged within 0.05; Δ < 0.0559 exactly). Simulated at a true Δ of exactly minEffect (rare
 * jumps to 1.0, 300 pairs, 4,000 comparisons each): false "unchanged" 6.55% → 1.07% of 1 metric, 11.05% → 0.45% of 5,
 * 14.1% → 0.55% of 10. improved / regressed keep correctedInterval.
 */
function equivalenceInterval(m: MetricComparison, basis: TestedMetric['basis'], testAlpha: number): Interval | null {
  const t = correctedInterval(m, basis, testAlpha);
  if (t === null || !basis?.changes) return t;
  const split = changeBounds(basis.changes, testAlpha, SCORE_ABSOLUTE_TOLERANCE / basis.scale);
  if (split === null) return null;
  const scaled = { low: split.low * basis.scale, high: split.high * basis.scale };
  if (split.exact) return scaled;
  return { low: Math.min(t.low, scaled.low), high: Math.max(t.high, scaled.high) };
}

/**
 * What the verdict weighs against minEffect: the interval, or Δ itself when every pair differs by the same amount
 * (the item-by-item change is then Δ on every item; whether that is significant is the tests' to say, with the exact
 * sign-flip p 2 / 2^n). Null without either.
 */
function intervalOf(m: MetricComparison): Interval | null {
  if (m.ci.low !== null && m.ci.high !== null) return { low: m.ci.low, high: m.ci.high };
  if (m.ci.reason === 'constant-differences' && m.difference !== null) return { low: m.difference, high: m.difference };
  return null;
}
