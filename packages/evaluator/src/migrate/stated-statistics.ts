import type { ItemInput, RunStatsAccumulator, RunWithMetrics } from '@llm-eval/storage';
import { COMPUTED_STATS, type ImportedStatistics, withinNoise } from '../result/imported-statistics';
import { storedMetricStats } from '../result/stored-run-export';
import type { EvaluationExport } from '../result/export-format';
import { jsonPathText } from './json-path-text';
import { quoteValue } from './safe-excerpt';

/** The run's statistics as the export writes them. */
interface RunStatisticsView {
  successRate: number;
  metricStats: EvaluationExport['metric_stats'];
}

/** Disagreements a warning lists before it counts the rest. */
const LISTED = 10;

/**
 * What storage will compute from the items (RunStatsAccumulator, as importRun does), before they are stored; undefined
 * when it cannot (storage refuses such a run itself).
 */
function predicted(items: readonly ItemInput[], metricsUsed: readonly string[], Accumulator: typeof RunStatsAccumulator): RunStatisticsView | undefined {
  const accumulator = new Accumulator();
  try {
    for (const item of items) accumulator.addItem(item);
    const { metrics, totals } = accumulator.result('', metricsUsed);
    return { successRate: totals.successRate, metricStats: storedMetricStats({ metrics, metricsUsed: [...metricsUsed] }) };
  } catch {
    return undefined;
  }
}

/**
 * What of the file's statistics the run keeps: those its export would not write as the file did (a value the items
 * give otherwise, if only in the last bit, and the keys llm-eval does not compute), so that an llm-eval export, whose
 * statistics are the stored ones, keeps nothing. Null when nothing needs keeping.
 * @internal
 */
export function statisticsToStore(
  stated: ImportedStatistics | null,
  items: readonly ItemInput[],
  metricsUsed: readonly string[],
  Accumulator: typeof RunStatsAccumulator,
): ImportedStatistics | null {
  if (!stated) return null;
  const computed = predicted(items, metricsUsed, Accumulator);
  if (!computed) return stated;
  const kept: ImportedStatistics = {};
  if (stated.success_rate !== undefined && !Object.is(stated.success_rate, computed.successRate)) kept.success_rate = stated.success_rate;
  const metrics: Array<[string, Record<string, unknown>]> = [];
  for (const [name, stats] of Object.entries(stated.metric_stats ?? {})) {
    // A metric the run does not have is not exported: nothing to keep (the warning names it).
    if (!Object.hasOwn(computed.metricStats, name)) continue;
    const mine = computed.metricStats[name] as Record<string, unknown>;
    const differing = Object.entries(stats).filter(([key, value]) => !Object.hasOwn(mine, key) || !Object.is(value, mine[key]));
    if (differing.length) metrics.push([name, Object.fromEntries(differing)]);
  }
  // fromEntries defines own keys: a metric named "__proto__" keeps its statistics.
  if (metrics.length) kept.metric_stats = Object.fromEntries(metrics);
  return Object.keys(kept).length ? kept : null;
}

/** A stored statistic as the warning shows it. */
const shown = (value: number | null): string => (value === null ? 'none (no item has a score)' : String(value));

/**
 * The warning of an imported export whose statistics (`stated`: its `success_rate`, a metric's mean, std, min, max or
 * success_rate) disagree with the ones stored, which are computed from its items, by more than floating-point noise:
 * each one with the file's value and the stored one; and the metrics of its metric_stats the run does not have (not
 * exported). Undefined when there is nothing to say. `successRateWarned`: another warning already compares the run's
 * success rate. @internal
 */
export function statisticsWarning(stated: ImportedStatistics | null, run: RunWithMetrics, successRateWarned: boolean): string | undefined {
  if (!stated) return undefined;
  const differences: string[] = [];
  if (!successRateWarned && stated.success_rate !== undefined && !withinNoise(stated.success_rate, run.successRate)) {
    differences.push(`"success_rate" is ${stated.success_rate} in the export, stored ${run.successRate}`);
  }
  const stored = storedMetricStats(run);
  const absent: string[] = [];
  for (const [name, stats] of Object.entries(stated.metric_stats ?? {})) {
    if (!Object.hasOwn(stored, name)) {
      absent.push(quoteValue(name));
      continue;
    }
    for (const key of COMPUTED_STATS) {
      const value = stats[key];
      const mine = stored[name]![key];
      if (typeof value !== 'number' || !Number.isFinite(value) || (mine !== null && withinNoise(value, mine))) continue;
      differences.push(`${jsonPathText(['metric_stats', name, key])} is ${value} in the export, stored ${shown(mine)}`);
    }
  }
  const parts: string[] = [];
  if (differences.length) {
    const more = differences.length > LISTED ? `; and ${differences.length - LISTED} more` : '';
    parts.push(
      `the export's statistics disagree with its items, and llm-eval stores (and exports) the statistics of the items: ${differences.slice(0, LISTED).join('; ')}${more}`,
    );
  }
  if (absent.length) {
    const names = absent.length > LISTED ? `${absent.slice(0, LISTED).join(', ')} and ${absent.length - LISTED} more` : absent.join(', ');
    parts.push(`"metric_stats" has statistics of ${names}, which the run does not have (not in "metrics", no item scored), so they are not exported`);
  }
  return parts.length ? parts.join('. ') : undefined;
}
