import type { ItemRecord, RunWithMetrics } from '@llm-eval/storage';
import {
  buildExport,
  exportHead,
  exportItem,
  exportRunBlock,
  type ExportedItem,
  type ExportHead,
  type ExportItemSource,
  type ExportRunBlock,
  type ExportRunSource,
} from './build-export';
export type { ExportedItem, ExportHead, ExportRunBlock } from './build-export';
import type { EvaluationExport } from './export-format';
import { writtenTimesOf } from './written-times';
import { exportedMetricStats, exportedStatistic, importedStatisticsOf } from './imported-statistics';

/**
 * A stored run and its items as the export document (the same builder as `EvaluationResult.toJSON`), with the
 * run's project, tags, creator, description, model and configuration in the `llm_eval` block.
 */
export function storedRunToExport(run: RunWithMetrics, items: readonly ItemRecord[]): EvaluationExport {
  return buildExport(storedRunSource(run), items.map(storedItemSource));
}

/**
 * The export of a stored run in the pieces storedRunToExport joins, for a writer that streams the run's items
 * page by page instead of holding them all: the fields before the items, one item's entry, and the `llm_eval`
 * block's run fields. Joined in order they give exactly storedRunToExport's document.
 */
export interface StoredRunExportParts {
  /** dataset_name … metric_stats, for a run of `totalItems` items. */
  head(totalItems: number): ExportHead;
  /** One item's entry: `ok` (in results) or `failed` with its `error` line. */
  item(item: ItemRecord): ExportedItem;
  /** llm_eval's fields before item_order and failures. */
  runBlock(): ExportRunBlock;
}

/** The pieces of a stored run's export (see StoredRunExportParts). */
export function storedRunExportParts(run: RunWithMetrics): StoredRunExportParts {
  const source = storedRunSource(run);
  return {
    head: (totalItems) => exportHead(source, totalItems),
    item: (item) => exportItem(storedItemSource(item)),
    runBlock: () => exportRunBlock(source),
  };
}

/**
 * Each metric's statistics as llm-eval stores them (computed from the items), keyed by metric name: the run's metrics
 * and any other it has statistics for.
 * @internal
 */
export function storedMetricStats(run: Pick<RunWithMetrics, 'metrics' | 'metricsUsed'>): EvaluationExport['metric_stats'] {
  const metricStats: EvaluationExport['metric_stats'] = {};
  const byName = new Map(run.metrics.map((m) => [m.metricName, m]));
  for (const name of new Set([...run.metricsUsed, ...byName.keys()])) {
    const m = byName.get(name);
    const scored = (m?.successfulEvaluations ?? 0) + (m?.failedEvaluations ?? 0);
    // A metric named "__proto__" stays a key (plain assignment would set the prototype and drop its statistics).
    Object.defineProperty(metricStats, name, {
      value: {
        mean: m?.mean ?? null,
        std: m?.stdDev ?? null,
        min: m?.min ?? null,
        max: m?.max ?? null,
        success_rate: scored === 0 ? 0 : m!.successfulEvaluations / scored,
      },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return metricStats;
}

function storedRunSource(run: RunWithMetrics): ExportRunSource {
  // An imported run writes the statistics its file stated where they agree with the stored ones (see imported-statistics).
  const written = importedStatisticsOf(run.config);
  const metricStats = Object.fromEntries(
    Object.entries(storedMetricStats(run)).map(([name, stats]) => [name, exportedMetricStats(stats, written.metric_stats?.[name])]),
  );
  // The writer (host, pid) and its heartbeat are the source database's bookkeeping of a live process, not the run's:
  // they stay behind, as do the run's id (named as run_id, not reused) and updatedAt.
  const start = run.startedAt ?? run.createdAt;
  const end = run.completedAt ?? new Date(new Date(start).getTime() + run.durationSeconds * 1000);
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    datasetName: run.datasetName,
    modelName: run.modelName,
    modelVersion: run.modelVersion,
    description: run.description,
    projectId: run.projectId,
    tags: run.tags,
    createdBy: run.createdBy,
    taskType: run.taskType,
    config: run.config,
    environment: run.environment,
    metricConfigs: run.metricConfigs,
    statusReason: run.statusReason,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    startTime: start,
    endTime: end,
    writtenTimes: writtenTimesOf(run.config),
    durationSeconds: run.durationSeconds,
    successRate: exportedStatistic(run.successRate, written.success_rate),
    metricNames: run.metricsUsed,
    metricStats,
  };
}

function storedItemSource(item: ItemRecord): ExportItemSource {
  return {
    itemId: item.itemId,
    status: item.status,
    input: item.input,
    expected: item.expectedOutput,
    output: item.actualOutput,
    errorType: item.errorType,
    errorMessage: item.errorMessage,
    responseTime: item.responseTime,
    tokensUsed: item.tokensUsed,
    cost: item.cost,
    scores: item.scores,
    metadata: item.metadata,
    startedAt: item.startedAt,
    completedAt: item.completedAt,
    sequenceNumber: item.sequenceNumber,
    traceId: item.traceId,
  };
}
