import type { EvaluationExport } from './export-format';
import { isImportedConfig } from './imported-config';
import { isRecord } from './is-record';

type MetricStatsEntry = EvaluationExport['metric_stats'][string];

/**
 * The run's config key where an import keeps the statistics the export file stated (`success_rate`, `metric_stats`).
 * The stored statistics are computed from the items; they agree with a file's to floating-point noise (the sums run in
 * another order: 0.9266666666666666 is stored as 0.9266666666666667), and the file's keys llm-eval does not compute
 * ("median", …) have no column. Kept so that the export writes the file's own numbers while they agree with the stored
 * ones, and its other keys as they were (only what the export would not write as the file did). Bookkeeping of the import: the export leaves it out of `llm_eval.config`.
 * @internal
 */
export const IMPORTED_STATISTICS_CONFIG_KEY = 'importedStatistics';

/** An export's statistics as stated (what an import keeps of them is the part its export would not write back as stated). @internal */
export interface ImportedStatistics {
  success_rate?: number;
  metric_stats?: Record<string, Record<string, unknown>>;
}

/** The statistics of a metric the export writes, compared with the stored ones. @internal */
export const COMPUTED_STATS = ['mean', 'std', 'min', 'max', 'success_rate'] as const;


/** Whether two statistics differ by floating-point noise at most (relative 1e-9, absolute 1e-12). @internal */
export function withinNoise(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-12, 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
}

/** The statistics an export states: its success_rate and each metric's stats object; null when it has none. @internal */
export function statedStatisticsOf(data: { success_rate?: unknown; metric_stats?: unknown }): ImportedStatistics | null {
  const kept: ImportedStatistics = {};
  if (typeof data.success_rate === 'number' && Number.isFinite(data.success_rate)) kept.success_rate = data.success_rate;
  if (isRecord(data.metric_stats)) {
    // fromEntries defines own keys: a metric named "__proto__" keeps its statistics.
    const stats = Object.fromEntries(Object.entries(data.metric_stats).filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1])));
    if (Object.keys(stats).length) kept.metric_stats = stats;
  }
  return Object.keys(kept).length ? kept : null;
}

/**
 * Whether the run's config holds an import's statistics: only an imported run's (its config has the import's `import`
 * record); a run made otherwise may have a key of that name of its own, which is then the user's data, kept and
 * exported as it is. @internal
 */
export function keepsImportedStatistics(config: Record<string, unknown> | null | undefined): boolean {
  return isImportedConfig(config) && isRecord(config?.[IMPORTED_STATISTICS_CONFIG_KEY]);
}

/** The statistics an imported run's config keeps (none when it keeps none, or the run was not imported). @internal */
export function importedStatisticsOf(config: Record<string, unknown> | null | undefined): ImportedStatistics {
  return keepsImportedStatistics(config) ? (statedStatisticsOf(config![IMPORTED_STATISTICS_CONFIG_KEY] as Record<string, unknown>) ?? {}) : {};
}

/** A statistic of the export: the file's value while it agrees with the stored one within noise, else the stored one. @internal */
export function exportedStatistic<T extends number | null>(stored: T, written: unknown): T {
  return typeof stored === 'number' && typeof written === 'number' && withinNoise(stored, written) ? (written as T) : stored;
}

/**
 * A metric's stats as the export writes them: the computed ones (with the file's values while they agree), then the
 * keys of the file's stats llm-eval does not compute, as the file had them.
 * @internal
 */
export function exportedMetricStats(computed: MetricStatsEntry, written: Record<string, unknown> | undefined): MetricStatsEntry {
  if (!written) return computed;
  const stats: Record<string, unknown> = {};
  for (const key of COMPUTED_STATS) stats[key] = exportedStatistic(computed[key], written[key]);
  for (const [key, value] of Object.entries(written)) if (!Object.hasOwn(stats, key)) Object.defineProperty(stats, key, { value, enumerable: true, writable: true, configurable: true });
  return stats as MetricStatsEntry;
}
