import { knownDurationSeconds, type RunWithMetrics } from '@llm-eval/storage';
import type { ComparedItem } from './load-run-items';
import type { CompareOptions, ComparisonResult, Delta, ItemChange, MetricComparison } from './comparison-types';
import { assignVerdicts } from './assign-verdicts';
import { sameScore } from './score-tolerance';
import { testMetric } from './test-metric';

/** Metrics compared as lower-is-better unless CompareOptions.lowerIsBetter says otherwise. */
export const DEFAULT_LOWER_IS_BETTER: readonly string[] = ['response_time', 'token_count', 'latency', 'cost'];

/** Resolved options with every default filled in. @internal */
export function resolveOptions(o: CompareOptions, a: RunWithMetrics, b: RunWithMetrics): ComparisonResult['options'] {
  const metrics = o.metrics ?? [...new Set([...a.metricsUsed, ...a.metrics.map((m) => m.metricName), ...b.metricsUsed, ...b.metrics.map((m) => m.metricName)])].sort();
  return {
    metrics,
    confidence: o.confidence ?? 0.95,
    minEffect: o.minEffect ?? 0,
    lowerIsBetter: [...(o.lowerIsBetter ?? DEFAULT_LOWER_IS_BETTER)].sort(),
    itemLimit: o.itemLimit ?? 100,
    primaryMetric: o.primaryMetric ?? defaultPrimaryMetric(metrics, a, b),
  };
}

/**
 * The metric the runs list first (their main one), not the alphabetically first, among those both runs score: a metric
 * only one run has scores no pair, so every item would count as without a score and the item lists would be empty.
 */
function defaultPrimaryMetric(metrics: string[], a: RunWithMetrics, b: RunWithMetrics): string | null {
  const compared = new Set(metrics);
  const preferred = [...b.metricsUsed, ...a.metricsUsed, ...metrics].filter((m) => compared.has(m));
  const [inA, inB] = [scoredBy(a), scoredBy(b)];
  return preferred.find((m) => inA.has(m) && inB.has(m)) ?? preferred[0] ?? null;
}

/** B − A with a relative change that is null, not an error, when A is 0. @internal */
export function delta(a: number | null | undefined, b: number | null | undefined): Delta {
  const av = a ?? null;
  const bv = b ?? null;
  const absolute = av === null || bv === null ? null : bv - av;
  return { a: av, b: bv, absolute, relative: absolute === null || av === 0 ? null : absolute / Math.abs(av!) };
}

/** A run's success rate, or null while it has no items (a rate of 0 of 0 items says nothing). */
function successRateOf(run: RunWithMetrics): number | null {
  return run.totalItems === 0 ? null : run.successRate;
}

/** The item's score of a metric as a number: an own property only ("__proto__" or "constructor" may name a metric). */
function scoreOf(item: ComparedItem, metric: string): number | undefined {
  return Object.hasOwn(item.scores, metric) ? numeric(item.scores[metric]) : undefined;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** Each metric's types as the runs' statistics declare them (A's, then B's), by name. */
function declaredTypes(a: RunWithMetrics, b: RunWithMetrics): Map<string, string[]> {
  const types = new Map<string, string[]>();
  for (const m of [...a.metrics, ...b.metrics]) {
    const known = types.get(m.metricName);
    if (known) known.push(m.metricType);
    else types.set(m.metricName, [m.metricType]);
  }
  return types;
}

/**
 * Pass/fail metrics (declared boolean, or every paired score is 0 or 1) get McNemar's test. `declared`: declaredTypes,
 * read once for all metrics (looked up per metric among every metric's statistics, a run of 3,000 metrics took m²).
 */
function isBooleanMetric(name: string, declared: ReadonlyMap<string, string[]>, pairs: Array<[number, number]>): boolean {
  const types = declared.get(name) ?? [];
  if (types.length && types.every((t) => t === 'boolean')) return true;
  return pairs.length > 0 && pairs.every(([x, y]) => (x === 0 || x === 1) && (y === 0 || y === 1));
}

/** The metrics a run declares or has statistics of. */
function scoredBy(run: RunWithMetrics): Set<string> {
  return new Set([...run.metricsUsed, ...run.metrics.map((m) => m.metricName)]);
}

/**
 * The metric with `notScoredIn` set when a run does not score it at all (its missing pairs are no failure then).
 * `scoredA`, `scoredB`: scoredBy of each run, made once for all metrics.
 */
function withNotScoredIn(m: MetricComparison, scoredA: ReadonlySet<string>, scoredB: ReadonlySet<string>): MetricComparison {
  const [inA, inB] = [scoredA.has(m.metric), scoredB.has(m.metric)];
  return inA && inB ? m : { ...m, notScoredIn: !inA && !inB ? 'both' : inA ? 'B' : 'A' };
}

/** Compares two runs on items paired by item id. @internal */
export function computeComparison(
  a: RunWithMetrics,
  b: RunWithMetrics,
  itemsA: Map<string, ComparedItem>,
  itemsB: Map<string, ComparedItem>,
  options: ComparisonResult['options'],
): Omit<ComparisonResult, 'fromCache'> {
  const declared = declaredTypes(a, b);
  const lowerIsBetter = new Set(options.lowerIsBetter);
  const tested = options.metrics.map((metric) => {
    const pairs: Array<[number, number]> = [];
    for (const [id, itemA] of itemsA) {
      const itemB = itemsB.get(id);
      if (!itemB) continue;
      const x = scoreOf(itemA, metric);
      const y = scoreOf(itemB, metric);
      if (x !== undefined && y !== undefined) pairs.push([x, y]);
    }
    const kind = isBooleanMetric(metric, declared, pairs) ? 'boolean' : 'numeric';
    return testMetric({ metric, kind, lowerIsBetter: lowerIsBetter.has(metric), pairs, confidence: options.confidence });
  });
  // Task success, paired: 1 unless the item failed. Tested with the metrics, in one Holm family.
  const successPairs: Array<[number, number]> = [];
  for (const [id, itemA] of itemsA) {
    const itemB = itemsB.get(id);
    if (itemB) successPairs.push([itemA.status === 'failed' ? 0 : 1, itemB.status === 'failed' ? 0 : 1]);
  }
  const successTested = testMetric({ metric: 'success', kind: 'boolean', lowerIsBetter: false, pairs: successPairs, confidence: options.confidence });
  const verdicts = assignVerdicts([...tested, successTested], options);
  const [scoredA, scoredB] = [scoredBy(a), scoredBy(b)];
  const metrics = verdicts.metrics.slice(0, tested.length).map((m) => withNotScoredIn(m, scoredA, scoredB));
  const success = verdicts.metrics[tested.length]!;
  const { significance } = verdicts;

  const primary = options.primaryMetric;
  const primarySign = primary && options.lowerIsBetter.includes(primary) ? -1 : 1;
  const improved: ItemChange[] = [];
  const regressed: ItemChange[] = [];
  let unchanged = 0;
  let withoutScore = 0;
  const onlyInA: string[] = [];
  for (const [id, itemA] of itemsA) {
    const itemB = itemsB.get(id);
    if (!itemB) {
      onlyInA.push(id);
      continue;
    }
    // A Map, then own properties: `deltas[name] = …` would set the prototype for a metric named "__proto__".
    const byMetric = new Map<string, number>();
    for (const metric of options.metrics) {
      const x = scoreOf(itemA, metric);
      const y = scoreOf(itemB, metric);
      // Equal scores computed in different orders are no change (as in the metric tests).
      if (x !== undefined && y !== undefined) byMetric.set(metric, sameScore(x, y) ? 0 : y - x);
    }
    const deltas: Record<string, number> = Object.fromEntries(byMetric);
    const primaryDelta = primary ? byMetric.get(primary) : undefined;
    const failedA = itemA.status === 'failed';
    const failedB = itemB.status === 'failed';
    const statusChanged = failedA !== failedB;
    // No primary score in A or B (the task failed there, or the metric errored): not evidence of no change.
    if (primary && primaryDelta === undefined && !statusChanged) {
      withoutScore++;
      continue;
    }
    let change = primaryDelta !== undefined ? primarySign * primaryDelta : 0;
    // An item whose task started or stopped failing counts as regressed or improved whatever its scores say.
    if (statusChanged) change = failedA ? Math.max(change, 1) : Math.min(change, -1);
    const entry: ItemChange = { itemId: id, statusA: itemA.status, statusB: itemB.status, deltas, change, statusChanged };
    if (change > 0) improved.push(entry);
    else if (change < 0) regressed.push(entry);
    else unchanged++;
  }
  const onlyInB = [...itemsB.keys()].filter((id) => !itemsA.has(id));
  // Status changes first, then the largest score change, then item id (stable across runs and flips).
  const bySize = (x: ItemChange, y: ItemChange) =>
    Number(y.statusChanged) - Number(x.statusChanged) || Math.abs(y.change) - Math.abs(x.change) || (x.itemId < y.itemId ? -1 : 1);
  improved.sort(bySize);
  regressed.sort(bySize);
  return {
    runA: { id: a.id, name: a.name },
    runB: { id: b.id, name: b.name },
    summary: {
      successRate: delta(successRateOf(a), successRateOf(b)),
      durationSeconds: delta(knownDurationSeconds(a), knownDurationSeconds(b)),
      avgResponseTime: delta(a.avgResponseTime, b.avgResponseTime),
      totalTokens: delta(a.totalTokens, b.totalTokens),
      totalCost: delta(a.totalCost, b.totalCost),
    },
    metrics,
    success,
    significance,
    items: {
      primaryMetric: primary,
      counts: { improved: improved.length, regressed: regressed.length, unchanged, withoutScore, onlyInA: onlyInA.length, onlyInB: onlyInB.length },
      improved: improved.slice(0, options.itemLimit),
      regressed: regressed.slice(0, options.itemLimit),
      onlyInA: onlyInA.sort().slice(0, options.itemLimit),
      onlyInB: onlyInB.sort().slice(0, options.itemLimit),
    },
    options,
    computedAt: new Date().toISOString(),
  };
}
