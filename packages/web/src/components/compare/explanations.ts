import type { ComparisonJson } from '../../api/types';

type Metric = ComparisonJson['metrics'][number];
type Significance = ComparisonJson['significance'];

/**
 * A verdict in a few words, as shown in the table (insufficient data is never shown as a direction). With a minimum
 * effect, not_significant is "no significant change beyond ±0.05": a smaller change may be shown (p < 0.0001 beside it).
 */
export function verdictLabel(verdict: Metric['verdict'], minEffect = 0): string {
  switch (verdict) {
    case 'improved':
      return 'improved';
    case 'regressed':
      return 'regressed';
    case 'unchanged':
      return 'unchanged';
    case 'not_significant':
      return minEffect > 0 ? `no significant change beyond ±${minEffect}` : 'no significant change';
    case 'insufficient_data':
      return 'not enough pairs';
  }
}

/** Why the verdict is what it is, in plain words, from the numbers the API used (and the comparison's minimum effect). */
export function verdictExplanation(m: Metric, significance: Significance, minEffect = 0): string {
  const alpha = significance.alpha;
  const better = m.lowerIsBetter ? 'lower' : 'higher';
  switch (m.verdict) {
    case 'insufficient_data':
      return `insufficient_data: fewer than ${significance.minimumPairs} informative pairs (${m.informativePairs} items scored differently in the two runs) — no verdict is drawn.`;
    case 'improved':
      return `improved: run B scores ${better} (better) than run A, and the Holm-adjusted p-value is below alpha = ${alpha}.`;
    case 'regressed':
      return `regressed: run B scores ${m.lowerIsBetter ? 'higher' : 'lower'} (worse) than run A, and the Holm-adjusted p-value is below alpha = ${alpha}.`;
    case 'unchanged':
      return m.informativePairs === 0
        ? 'unchanged: every paired item scored the same in both runs.'
        : `unchanged: two one-sided tests (each at alpha = ${alpha} divided by the number of metrics with an interval) show the difference is within the minimum effect (±${minEffect}), so any change is smaller than that.`;
    case 'not_significant':
      return minEffect > 0
        ? `not_significant: no change larger than the minimum effect (±${minEffect}) is shown at alpha = ${alpha} after Holm's correction, and none is ruled out: a smaller change may be shown (see p), and a larger one may hide in the noise.`
        : `not_significant: no change is shown at alpha = ${alpha} after Holm's correction, and none is ruled out: a real change may hide in the noise.`;
  }
}

/** What the test is. */
export function testExplanation(test: Metric['test']): string {
  switch (test) {
    case 'wilcoxon-signed-rank':
      return 'Wilcoxon signed-rank test on the paired scores (the same items in both runs).';
    case 'mcnemar-exact':
      return 'McNemar exact test on items that passed in one run only (pass/fail metric).';
    case 'none':
      return 'No test: there were not enough paired items to run one.';
  }
}

export function testLabel(test: Metric['test']): string {
  return test === 'wilcoxon-signed-rank' ? 'Wilcoxon' : test === 'mcnemar-exact' ? 'McNemar' : 'none';
}

/** What the p-values mean. */
export function pValueExplanation(significance: Significance): string {
  return (
    'Two-sided p-value of the test: how likely a difference at least this large is if the runs were really the same. ' +
    `In brackets, Holm-corrected across the compared metrics; that one is compared with alpha = ${significance.alpha}.`
  );
}

/** What the interval is. */
export function ciExplanation(confidence: number): string {
  return `Student t interval of the mean paired difference (B − A) at ${Math.round(confidence * 1000) / 10}% confidence.`;
}

/** Why a metric has no interval (its ends are null). */
export function missingCiExplanation(reason: 'too-few-pairs' | 'constant-differences' | undefined): string {
  return reason === 'constant-differences'
    ? 'No interval: every pair differs by the same amount, so there is no spread to estimate its uncertainty from. p is the exact test’s; an improved or regressed verdict weighs Δ itself (unchanged needs an interval).'
    : 'No interval: it needs at least two paired items.';
}

/** What pairs and informative pairs are. */
export function pairsExplanation(minimumPairs: number): string {
  return `Items scored by the metric in both runs; in brackets, those scored differently (informative). A verdict needs at least ${minimumPairs} informative pairs.`;
}
