import { differenceTolerances, fsum, mcnemarExact, mean, meanConfidenceInterval, nearlyEqual, pairedDifferences, studentTCdf, wilcoxonSignedRank } from '@llm-eval/stats';
import type { MetricComparison } from './comparison-types';
import { SCORE_ABSOLUTE_TOLERANCE } from './score-tolerance';

/** What testMetric needs to know about one metric. @internal */
export interface MetricInput {
  metric: string;
  kind: 'numeric' | 'boolean';
  lowerIsBetter: boolean;
  /** [score in A, score in B] of each item scored in both runs. */
  pairs: ReadonlyArray<readonly [number, number]>;
  confidence: number;
}

/**
 * What the metric's t interval was made from, so that it can be remade at another level (the equivalence test behind
 * "unchanged" needs the (1 − 2·alpha/m) interval, m known only once every metric is tested): mean and standard error of
 * the differences divided by `scale`, and the degrees of freedom. Absent without an interval. @internal
 */
export interface IntervalBasis {
  mean: number;
  standardError: number;
  df: number;
  scale: number;
  /**
   * When every difference is −1, 0 or +1 (pass/fail scores): how many went up and down of `pairs`. Δ = (up − down) /
   * pairs then has exact bounds (Clopper–Pearson), which "unchanged" needs: the t interval claimed Δ < 0.05 from 9 of
   * 300 items gained and none lost, though 9 or fewer gains in 300 happen 6.5% of the time when 5% of items gain.
   */
  signCounts?: { up: number; down: number; pairs: number };
  /**
   * The differences that are not 0, divided by `scale`: how many went up and down of `pairs`, their mean and standard
   * error taken over them alone, and their smallest and largest size |d|. "Unchanged" bounds Δ = share changed × their
   * mean from these (see equivalence-bounds.ts): when changes are rare the t interval of all the differences is too
   * narrow (18 of 300 items up by 0.6, none down: it claimed Δ < 0.05, an exact bound says Δ < 0.0559).
   */
  changes?: Changes;
}

/** The non-zero paired differences of a metric, summarised for the bounds behind "unchanged". @internal */
export interface Changes {
  pairs: number;
  up: number;
  down: number;
  mean: number;
  standardError: number;
  smallest: number;
  largest: number;
}

/** A tested metric, with what assignVerdicts needs beyond the result (it leaves `basis` out of its output). @internal */
export interface TestedMetric extends MetricComparison {
  basis?: IntervalBasis;
}

/**
 * One metric's means, t interval of the mean difference B − A, and test: McNemar's exact test for pass/fail
 * scores, the Wilcoxon signed-rank test otherwise. Scores equal up to rounding count as equal, and differences equal
 * up to the rounding of their scores tie in the ranks. The verdict and
 * adjusted p-value are left for assignVerdicts, which sees every metric of the comparison.
 * @internal
 */
export function testMetric({ metric, kind, lowerIsBetter, pairs, confidence }: MetricInput): TestedMetric {
  const n = pairs.length;
  const base: TestedMetric = {
    metric,
    kind,
    lowerIsBetter,
    pairs: n,
    informativePairs: 0,
    meanA: null,
    meanB: null,
    difference: null,
    ci: { low: null, high: null, confidence, reason: 'too-few-pairs' },
    pValue: null,
    pValueAdjusted: null,
    test: 'none',
    verdict: 'insufficient_data',
  };
  if (n === 0) return base;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = pairs[i]![0];
    b[i] = pairs[i]![1];
  }
  // B − A overflows to ±Infinity when scores near ±1.8e308 differ in sign (and their mean to Infinity − Infinity =
  // NaN): the differences of halved scores are exact and finite, and every statistic here but the mean difference and
  // its interval is the same for them; those are doubled back (to ±Infinity only when the true value is beyond a double).
  let scale = 1;
  let diffs = pairedDifferences(a, b, SCORE_ABSOLUTE_TOLERANCE);
  // The float noise of each difference, relative to its scores: the zero test above and the Wilcoxon ranks use it alike.
  let tolerances = differenceTolerances(a, b, SCORE_ABSOLUTE_TOLERANCE);
  if (!diffs.every(Number.isFinite)) {
    scale = 2;
    const [halfA, halfB] = [a.map((x) => x / 2), b.map((y) => y / 2)];
    diffs = pairedDifferences(halfA, halfB, SCORE_ABSOLUTE_TOLERANCE / 2);
    tolerances = differenceTolerances(halfA, halfB, SCORE_ABSOLUTE_TOLERANCE / 2);
  }
  for (let i = 0; i < n; i++) if (diffs[i] !== 0) base.informativePairs++;
  const ci = meanConfidenceInterval(diffs, { confidence });
  const constant = n >= 2 && constantDifferences(diffs, SCORE_ABSOLUTE_TOLERANCE / scale);
  const unscaled = (v: number) => (Number.isNaN(v) ? null : v * scale);
  // Exact means (math.fsum), finite for any finite scores: a running sum of 1e308s was Infinity.
  base.meanA = mean(a);
  base.meanB = mean(b);
  base.difference = meanDifference(a, b, diffs);
  if (n < 2) base.ci = { low: null, high: null, confidence, reason: 'too-few-pairs' };
  // Differences without spread give a t interval of width 0 (or of rounding noise), certainty no sample can give:
  // none is reported. The sign-flip test inverted is no better: at n >= 6 it rejects every shift but Δ, a point again.
  else if (constant) base.ci = { low: null, high: null, confidence, reason: 'constant-differences' };
  else {
    base.ci = { low: unscaled(ci.low), high: unscaled(ci.high), confidence };
    base.basis = { mean: ci.mean, standardError: ci.standardError, df: ci.df, scale };
    const signCounts = signCountsOf(diffs);
    if (scale === 1 && signCounts) base.basis.signCounts = signCounts;
    else base.basis.changes = changesOf(diffs);
  }
  // Pass/fail scores differ by −1 to +1 per item, so their mean difference lies there too: the t interval, which at a
  // few pairs reaches far beyond (±6.4 at two pairs), is cut to that range. Cutting a confidence interval to the values
  // the difference can take keeps its coverage; it never moves an end across 0, so no verdict changes.
  if (kind === 'boolean') {
    if (base.ci.low !== null) base.ci.low = Math.max(-1, base.ci.low);
    if (base.ci.high !== null) base.ci.high = Math.min(1, base.ci.high);
  }
  if (kind === 'boolean') {
    let passedInAOnly = 0;
    let passedInBOnly = 0;
    for (let i = 0; i < n; i++) {
      if (diffs[i]! < 0) passedInAOnly++;
      else if (diffs[i]! > 0) passedInBOnly++;
    }
    base.pValue = mcnemarExact(passedInAOnly, passedInBOnly).pValue;
    base.test = 'mcnemar-exact';
    base.discordant = { b: passedInAOnly, c: passedInBOnly };
    base.testDirection = Math.sign(passedInBOnly - passedInAOnly) as -1 | 0 | 1;
  } else {
    const wilcoxon = wilcoxonSignedRank(diffs, { tieTolerances: tolerances });
    base.pValue = wilcoxon.pValue;
    base.test = 'wilcoxon-signed-rank';
    // W+ against its mean under no change, n(n+1)/4 (average ranks keep the ranks' total).
    base.testDirection = Math.sign(wilcoxon.statistic - (wilcoxon.n * (wilcoxon.n + 1)) / 4) as -1 | 0 | 1;
    base.meanPValue = meanPValueOf(ci.mean, constant ? 0 : ci.standardError, ci.df);
  }
  return base;
}

/**
 * Δ, the mean of B − A: the exact sum of every b and −a (math.fsum, rounded once) divided by n, so that it is
 * meanB − meanA up to one rounding. Summing the differences instead rounded each one first: scores near ±1e308 beside
 * tiny ones (A = [1e308, −1e308, 1e-308, 3, …], B the same scores on other items) gave Δ = −0.3 for equal means. Pairs
 * whose scores are equal up to rounding count as no difference, as they do everywhere in a comparison (their b and −a
 * differ by at most 1e-12 relative). Null for a NaN; ±Infinity only when the true mean is beyond the largest double.
 */
function meanDifference(a: Float64Array, b: Float64Array, diffs: Float64Array): number | null {
  const terms: number[] = [];
  for (let i = 0; i < a.length; i++) if (diffs[i] !== 0) terms.push(b[i]!, -a[i]!);
  const n = a.length;
  const sum = fsum(terms);
  if (Number.isNaN(sum)) return null;
  if (Number.isFinite(sum)) return sum / n;
  // The exact sum is beyond a double though the mean may not be: summed again divided by a power of two >= n (exact).
  const scale = 2 ** Math.ceil(Math.log2(n));
  return (fsum(terms, scale) / n) * scale;
}

/** Counts of differences of +1 and −1 when every difference is −1, 0 or +1 exactly, else null. */
function signCountsOf(diffs: Float64Array): IntervalBasis['signCounts'] | null {
  let up = 0;
  let down = 0;
  for (const d of diffs) {
    if (d === 1) up++;
    else if (d === -1) down++;
    else if (d !== 0) return null;
  }
  return { up, down, pairs: diffs.length };
}

/** The non-zero differences' counts by sign, mean and standard error (over them alone) and extreme sizes. */
function changesOf(diffs: Float64Array): Changes {
  const nonzero = diffs.filter((d) => d !== 0);
  let [up, smallest, largest] = [0, Infinity, 0];
  for (const d of nonzero) {
    if (d > 0) up++;
    smallest = Math.min(smallest, Math.abs(d));
    largest = Math.max(largest, Math.abs(d));
  }
  const { mean, standardError } = meanConfidenceInterval(nonzero);
  return { pairs: diffs.length, up, down: nonzero.length - up, mean, standardError, smallest, largest };
}

/** True when every difference is the same up to rounding (or `absoluteTolerance`): no spread to measure. */
function constantDifferences(diffs: Float64Array, absoluteTolerance: number): boolean {
  let lowest = Infinity;
  let highest = -Infinity;
  for (const d of diffs) {
    if (d < lowest) lowest = d;
    if (d > highest) highest = d;
  }
  return nearlyEqual(lowest, highest, absoluteTolerance);
}

/**
 * The paired t-test's two-sided p-value of a mean difference (null below two pairs). When every difference is the
 * same non-zero value (up to rounding: the caller passes a standard error of 0 then) the t statistic is infinite, or
 * huge from rounding noise, and the test said p = 0 or 1e-31, which no sample can show: the exact sign-flip
 * permutation p is used then, 2 / 2^n (only "all up" and "all down" are as extreme), the smallest p such a sample can
 * have.
 */
function meanPValueOf(mean: number, standardError: number, df: number): number | null {
  if (!(df >= 1) || Number.isNaN(mean)) return null;
  if (!Number.isFinite(standardError)) return 1;
  if (standardError === 0) return mean === 0 ? 1 : Math.max(Number.MIN_VALUE, Math.min(1, 2 ** -df));
  return Math.min(1, 2 * studentTCdf(-Math.abs(mean / standardError), df));
}
