/** Options of compareRuns; the same options give the same numbers (the bootstrap is seeded). */
export interface CompareOptions {
  /** Metrics to compare (default: every metric either run used). */
  metrics?: string[];
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  /** Bootstrap resamples (default 2,000; the interval ends then vary by about 0.06 standard errors between seeds). */
  iterations?: number;
  /** Bootstrap and permutation seed (default 42). */
  seed?: number;
  /** Smallest change of a metric's mean that counts as improved/regressed (default 0). */
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
  /** Means over the paired items (an item missing a score in either run is left out of both). */
  meanA: number | null;
  meanB: number | null;
  /** Mean of the paired differences B − A. */
  difference: number | null;
  ci: { low: number | null; high: number | null; confidence: number };
  pValue: number | null;
  test: 'wilcoxon-signed-rank' | 'mcnemar-exact' | 'none';
  /** McNemar's discordant pairs for pass/fail metrics: b = passed in A only, c = passed in B only. */
  discordant?: { b: number; c: number };
  verdict: 'improved' | 'regressed' | 'unchanged';
}

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
    successRate: Delta;
    durationSeconds: Delta;
    avgResponseTime: Delta;
    totalTokens: Delta;
    totalCost: Delta;
  };
  metrics: MetricComparison[];
  items: {
    primaryMetric: string | null;
    counts: { improved: number; regressed: number; unchanged: number; onlyInA: number; onlyInB: number };
    improved: ItemChange[];
    regressed: ItemChange[];
    onlyInA: string[];
    onlyInB: string[];
  };
  options: Required<Omit<CompareOptions, 'createdBy' | 'primaryMetric' | 'metrics'>> & { metrics: string[]; primaryMetric: string | null };
  /** True when served from run_comparisons. */
  fromCache: boolean;
  computedAt: string;
}
