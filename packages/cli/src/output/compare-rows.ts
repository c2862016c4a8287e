import type { ComparisonResult, Delta, ItemChange, MetricComparison, Verdict } from '@llm-eval/search';
import { compactValue, percent, seconds, signed, signedChange } from './format';
import { compactNumber, itemIdText, pValue } from './item-cells';

// The cells of `runs compare`, shared by its terminal table and its Markdown, so both always say the same.

const num = (v: number | null, digits = 3) => (v === null ? '–' : compactNumber(v, digits));
const money = (v: number | null) => (v === null ? '–' : `$${v.toFixed(4)}`);
const rel = (d: Delta) => {
  const change = signed(d.relative === null ? null : d.relative * 100, 1);
  return change === '–' ? change : `${change}%`;
};

/**
 * How a verdict reads to a person (JSON keeps `insufficient_data`). With a minimum effect, not_significant is "not
 * significant beyond ±0.05": a change may be shown (p < 0.0001 beside it), just none as large as the minimum effect.
 */
export function verdictLabel(verdict: Verdict, minEffect = 0): string {
  if (verdict === 'not_significant') return minEffect > 0 ? `not significant beyond ±${minEffect}` : 'not significant';
  return verdict === 'insufficient_data' ? 'insufficient data' : verdict;
}

/** Head of the summary table. */
export const SUMMARY_HEAD = ['', 'A', 'B', 'Δ', 'Δ%'];

/** Summary rows: how each is shown, and its change B − A. */
export function summaryRows(s: ComparisonResult['summary']): string[][] {
  const pp = (d: Delta) => (d.absolute === null ? '–' : `${signed(d.absolute * 100, 1)} pp`);
  const secs = (d: Delta) => (d.absolute === null ? '–' : `${d.absolute >= 0 ? '+' : '−'}${seconds(Math.abs(d.absolute))}`);
  return [
    ['success rate', percent(s.successRate.a), percent(s.successRate.b), pp(s.successRate), rel(s.successRate)],
    ['duration', seconds(s.durationSeconds.a), seconds(s.durationSeconds.b), secs(s.durationSeconds), rel(s.durationSeconds)],
    ['avg response time', seconds(s.avgResponseTime.a), seconds(s.avgResponseTime.b), secs(s.avgResponseTime), rel(s.avgResponseTime)],
    ['tokens', num(s.totalTokens.a, 0), num(s.totalTokens.b, 0), signed(s.totalTokens.absolute, 0), rel(s.totalTokens)],
    ['cost', money(s.totalCost.a), money(s.totalCost.b), s.totalCost.absolute === null ? '–' : `${s.totalCost.absolute >= 0 ? '+' : '−'}${money(Math.abs(s.totalCost.absolute))}`, rel(s.totalCost)],
  ];
}

/** Head of the metric table (the interval's confidence in its title). */
export function metricHead(result: ComparisonResult): string[] {
  const confidence = Math.round((1 - result.significance.alpha) * 100);
  return ['metric', 'test', 'pairs', 'mean A', 'mean B', 'Δ', `${confidence}% CI`, 'p', 'adj. p', 'verdict'];
}

/**
 * What the comparison tested: its metrics, and task success (paired McNemar) when some item's task started or
 * stopped failing — the metrics leave such items out, so that is where such a regression shows.
 */
export function testedRows(result: ComparisonResult): MetricComparison[] {
  const success = result.success;
  return success && success.informativePairs > 0 ? [...result.metrics, { ...success, metric: 'task success' }] : result.metrics;
}

/** The interval cell: its ends, or the mark of none, with the reason when the pairs column does not show it. */
function ciCell(m: MetricComparison): string {
  if (m.ci.reason === 'constant-differences') return NO_SPREAD;
  return signed(m.ci.low) === '–' || signed(m.ci.high) === '–' ? '–' : `[${signedChange(m.ci.low)}, ${signedChange(m.ci.high)}]`;
}

const NO_SPREAD = '– (all Δ equal)';

/**
 * The legend of a metric without an interval because every pair differs by the same amount (its t interval was zero
 * wide, [+1.000, +1.000] beside p 0.250), or null when no metric is like that. `name` formats a metric's name.
 */
export function noIntervalNote(result: ComparisonResult, name: (metric: string) => string = (m) => m): string | null {
  const names = testedRows(result).filter((m) => m.ci.reason === 'constant-differences').map((m) => name(m.metric));
  if (!names.length) return null;
  return (
    `CI ${NO_SPREAD}: every pair of ${names.join(', ')} differs by the same amount, so there is no spread to make an interval ` +
    `from; p is the exact test's, and an improved or regressed verdict weighs Δ itself (unchanged needs an interval).`
  );
}

/**
 * Why metrics have no verdict: not scored in a run, no item in both runs, or no item in both runs with their score in
 * both (every item failed or its metric errored, in A or B); null when each metric has a pair.
 */
export function noPairsNote(result: ComparisonResult, name: (metric: string) => string = (m) => m): string | null {
  const c = result.items.counts;
  const paired = c.improved + c.regressed + c.unchanged + c.withoutScore;
  const notes: string[] = [];
  // A metric one run does not use at all: nothing failed or errored, it was never scored there.
  for (const side of ['A', 'B', 'both'] as const) {
    const absent = result.metrics.filter((m) => m.notScoredIn === side).map((m) => name(m.metric));
    if (!absent.length) continue;
    const where = side === 'both' ? 'in either run' : `in run ${side}`;
    notes.push(`No verdict for ${absent.join(', ')}: ${absent.length === 1 ? 'it is' : 'they are'} not scored ${where}.`);
  }
  const names = result.metrics.filter((m) => m.pairs === 0 && !m.notScoredIn).map((m) => name(m.metric));
  // No item in both runs (e.g. runs of different datasets): no metric has a pair, whatever its items say.
  if (names.length && paired === 0) {
    notes.push(`No verdict for ${names.join(', ')}: no item is in both runs (${c.onlyInA} only in A, ${c.onlyInB} only in B), so there is nothing to pair.`);
  }
  if (names.length && paired > 0) {
    const scored = names.length === 1 ? 'its score' : 'their scores';
    const which = paired === 1 ? `the 1 item in both runs lacks ${scored}` : `none of the ${paired} items in both runs has ${scored}`;
    notes.push(`No verdict for ${names.join(', ')}: ${which} in both (the task failed, or the metric errored, in A or B).`);
  }
  return notes.length ? notes.join(' ') : null;
}

/**
 * One row per metric; the verdict is last, for the caller to colour or emphasise. p-values are never rounded across
 * `alpha`; `minEffect` names what "not significant" is beyond.
 */
export function metricRows(metrics: MetricComparison[], alpha?: number, minEffect = 0): string[][] {
  return metrics.map((m) => [
    m.lowerIsBetter ? `${m.metric} ↓` : m.metric,
    m.test === 'wilcoxon-signed-rank' ? 'wilcoxon' : m.test === 'mcnemar-exact' ? 'mcnemar' : '–',
    String(m.pairs),
    m.meanA === null ? '–' : compactValue(m.meanA),
    m.meanB === null ? '–' : compactValue(m.meanB),
    signedChange(m.difference),
    ciCell(m),
    pValue(m.pValue, alpha),
    pValue(m.pValueAdjusted, alpha),
    verdictLabel(m.verdict, minEffect),
  ]);
}

/** The rule behind the verdicts, in one sentence. */
export function verdictRule(result: ComparisonResult): string {
  const { alpha, minimumPairs } = result.significance;
  const minEffect = result.options.minEffect;
  return (
    `Verdicts: p < ${alpha} after Holm's correction across the compared metrics (for numeric ones, the mean's t-test's too), ` +
    `and the test and the ${Math.round((1 - alpha) * 100)}% CI clear of ${minEffect ? `±${minEffect}` : '0'} in the same direction; ` +
    (minEffect
      ? `${verdictLabel('not_significant', minEffect)}: no change larger than the minimum effect shown, none ruled out; ` +
        `unchanged: every pair equal, or the change shown to be within ±${minEffect} (two one-sided tests, each at ${alpha} ÷ the number of metrics with a CI); `
      : 'not significant: no change shown, none ruled out; unchanged: every pair equal; ') +
    `insufficient data with fewer than ${minimumPairs} pairs, or only 1–${minimumPairs - 1} that differ.`
  );
}

/**
 * "6 improved · 1 regressed · 12 unchanged · 1 only in A · 0 only in B" for the items, with "· 2 without a score in A
 * or B" after unchanged when some paired item has no primary score in one run (those are not unchanged).
 */
export function itemCountsLine(result: ComparisonResult): string {
  const c = result.items.counts;
  const withoutScore = c.withoutScore ? ` · ${c.withoutScore} without a score in A or B` : '';
  return `${c.improved} improved · ${c.regressed} regressed · ${c.unchanged} unchanged${withoutScore} · ${c.onlyInA} only in A · ${c.onlyInB} only in B`;
}

/** The two item lists with their titles and full counts. */
export function itemSections(result: ComparisonResult): Array<{ title: string; list: ItemChange[]; count: number }> {
  const { items } = result;
  const ranked = items.primaryMetric ? ` by ${items.primaryMetric}` : '';
  return [
    { title: `Most improved items${ranked}`, list: items.improved, count: items.counts.improved },
    { title: `Most regressed items${ranked}`, list: items.regressed, count: items.counts.regressed },
  ];
}

/** Head of an item table. */
export const ITEM_HEAD = ['item', 'status', 'Δ per metric'];

/** One row per item: id, status (A → B when it changed), per-metric deltas. */
export function itemRows(changes: ItemChange[]): string[][] {
  return changes.map((i) => [
    itemIdText(i.itemId, 30),
    i.statusChanged ? `${i.statusA} → ${i.statusB}` : i.statusB,
    Object.entries(i.deltas)
      .map(([metric, d]) => `${metric}=${signedChange(d)}`)
      .join(' ') || '–',
  ]);
}
