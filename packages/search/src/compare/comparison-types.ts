/** Options of compareRuns; the same options give the same numbers. */
export interface CompareOptions {
  /** Metrics to compare (default: every metric either run used). */
  metrics?: string[];
  /** Confidence level of the intervals; 1 − confidence is the significance level of the verdicts (default 0.95). */
  confidence?: number;
  /** @deprecated Ignored: intervals are Student t intervals now (no resampling). */
  iterations?: number;
  /** @deprecated Ignored: nothing in a comparison is random any more. */
  seed?: number;
  /** Smallest change of a metric's mean that counts as improved/regressed: the interval must clear it (default 0). */
  minEffect?: number;
  /** Metrics where lower is better (default: response_time, token_count, latency, cost). */
  lowerIsBetter?: string[];
  /** Metric that decides whether an item improved or regressed (default: the first compared metric). */
  primaryMetric?: string;
  /** Most items listed per category, largest change first (default 100). Counts always cover every item. */
  itemLimit?: number;
  /** Recorded with a stored comparison. */
  createdBy?: string;
}

/** A value of run A and run B with the change B − A. `relative` is null when A is 0 or either is missing. */
export interface Delta {
  a: number | null;
  b: number | null;
  absolute: number | null;
  relative: number | null;
}

/** How one metric changed between the runs, on items paired by item id. */
export interface MetricComparison {
  metric: string;
  kind: 'numeric' | 'boolean';
  lowerIsBetter: boolean;
  /** Items scored by the metric in both runs. */
  pairs: number;
  /** Pairs whose two scores differ (equal up to rounding counts as equal): what the test has to go on. */
  informativePairs: number;
  /** Means over the paired items (an item missing a score in either run is left out of both). */
  meanA: number | null;
  meanB: number | null;
  /** Mean of the paired differences B − A. */
  difference: number | null;
  /**
   * Student t interval of the mean difference. Null ends, with `reason`, when there is none: fewer than two pairs, or
   * every pair differs by the same amount up to rounding (all equal included): with no spread the t interval is zero
   * wide, a certainty no sample gives (3 items each 0 → 1 gave [+1, +1] beside p = 0.25).
   */
  ci: { low: number | null; high: number | null; confidence: number; reason?: MissingIntervalReason };
  /** The test's two-sided p-value, uncorrected. */
  pValue: number | null;
  /**
   * pValue after Holm's correction across this comparison's metrics; null when there is no test or the test cannot
   * reach the significance level at all with so few informative pairs (such metrics are not part of the correction).
   */
  pValueAdjusted: number | null;
  test: 'wilcoxon-signed-rank' | 'mcnemar-exact' | 'none';
  /** McNemar's discordant pairs for pass/fail metrics: b = passed in A only, c = passed in B only. */
  discordant?: { b: number; c: number };
  /**
   * Which way the test's statistic points: 1 when B's scores tend to be higher (Wilcoxon's W+ above its mean under no
   * change; McNemar: more pairs passed in B only), -1 lower, 0 neither. A verdict needs it to agree with the interval:
   * a rank test can find the typical item better while the mean got worse (many small gains, a few large losses).
   */
  testDirection?: -1 | 0 | 1;
  /**
   * Numeric metrics: the paired t-test's two-sided p-value for the mean difference (the quantity Δ and the interval
   * report), uncorrected. A verdict needs it below alpha after Holm's correction too: a rank test can be right that
   * the typical item changed while the mean did not, and the interval alone is not corrected for many metrics.
   */
  meanPValue?: number | null;
  /**
   * improved / regressed: pValueAdjusted < alpha AND the interval clears minEffect in that direction AND the test
   * points that way too (testDirection); unchanged: no pair differs, or (with minEffect > 0) two one-sided tests at
   * alpha / m show the change within ±minEffect (the (1 − 2·alpha/m) t interval inside it, and for numeric metrics
   * with unchanged items bounds from the changed items alone too, m the metrics with an interval; never from Δ alone); not_significant: otherwise (the data show no change, or with minEffect > 0 none
   * larger than it, and do not rule one out); insufficient_data:
   * fewer pairs than the exact test needs to ever reach alpha (see ComparisonResult.significance).
   */
  verdict: Verdict;
  /**
   * The run (or both) that does not score the metric at all (neither declares it nor has its statistics): its pairs are
   * missing because the metric is absent there, not because tasks failed or the metric errored. Absent when both do.
   */
  notScoredIn?: 'A' | 'B' | 'both';
}

/**
 * A metric's verdict. `unchanged` is a claim (every pair equal, or a change smaller than minEffect, tested like the
 * others so that any false verdict in a comparison has chance at most alpha); `not_significant` is the absence of one: a real change may hide in the noise. `insufficient_data` when too
 * few pairs could ever show a significant change.
 */
export type Verdict = 'improved' | 'regressed' | 'unchanged' | 'not_significant' | 'insufficient_data';

/** How verdicts were decided, so a reader can check them. */
export interface Significance {
  /** Significance level, 1 − confidence as a decimal (0.05 for 0.95, 1e-6 for 0.999999). */
  alpha: number;
  /**
   * Correction for testing several metrics at once (family-wise error rate ≤ alpha): Holm for improved/regressed;
   * "unchanged" by minEffect is tested at alpha / m per metric (Bonferroni).
   */
  correction: 'holm';
  /** Fewest pairs (and, when scores differ at all, fewest differing pairs) a metric needs for a verdict. */
  minimumPairs: number;
}

/**
 * Why a metric has no interval: `too-few-pairs` (fewer than two), `constant-differences` (every pair differs by the
 * same amount, so nothing measures how uncertain the mean difference is; improved/regressed weigh Δ itself, and it is
 * never unchanged by minEffect).
 */
export type MissingIntervalReason = 'too-few-pairs' | 'constant-differences';

/** One item's change: per-metric deltas B − A and its status in both runs. */
export interface ItemChange {
  itemId: string;
  statusA: string;
  statusB: string;
  deltas: Record<string, number>;
  /** The change that ranks the item (the primary metric's delta, sign-adjusted so positive is better). */
  change: number;
  /** The task failed in exactly one of the runs (listed first; change is then at least 1 in size). */
  statusChanged: boolean;
}

/** A full comparison of run A with run B (deltas are always B − A). */
export interface ComparisonResult {
  runA: { id: string; name: string };
  runB: { id: string; name: string };
  summary: {
    /** A run without items has no success rate: its side is null (and so are the changes). */
    successRate: Delta;
    /** A running, abandoned or not yet finalised cancelled run has no duration: its side is null. */
    durationSeconds: Delta;
    avgResponseTime: Delta;
    totalTokens: Delta;
    totalCost: Delta;
  };
  metrics: MetricComparison[];
  /**
   * Whether items' tasks succeed, paired by item (McNemar's exact test on failed vs not failed, over the items in
   * both runs), with a verdict like a metric's and in the same Holm family. A metric's pairs leave out items its task
   * failed on (they have no score), so a run whose task started failing on the items it used to get right shows no
   * change in the metric: this is where that regression shows. `metric` is "success".
   */
  success: MetricComparison;
  significance: Significance;
  items: {
    primaryMetric: string | null;
    /**
     * improved + regressed + unchanged + withoutScore = the items in both runs. withoutScore: paired items the primary
     * metric did not score in A or in B (its task failed there, or the metric errored), and whose task neither started
     * nor stopped failing: nothing says whether they changed (the metric's statistics leave them out too).
     */
    counts: { improved: number; regressed: number; unchanged: number; withoutScore: number; onlyInA: number; onlyInB: number };
    improved: ItemChange[];
    regressed: ItemChange[];
    onlyInA: string[];
    onlyInB: string[];
  };
  options: Required<Omit<CompareOptions, 'createdBy' | 'primaryMetric' | 'metrics' | 'iterations' | 'seed'>> & {
    metrics: string[];
    primaryMetric: string | null;
  };
  /** True when served from run_comparisons. */
  fromCache: boolean;
  computedAt: string;
}
