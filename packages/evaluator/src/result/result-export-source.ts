import type { ItemResult } from '../run/item-result';
import { itemToRecord } from '../storage/item-to-record';
import type { ExportItemSource, ExportRunSource } from './build-export';
import type { EvaluationResult } from './evaluation-result';
import type { EvaluationExport } from './export-format';

/** A result's run as the export builder reads it (also for a result that kept no items: its summary has the figures). @internal */
export function resultRunSource(result: EvaluationResult): ExportRunSource {
  // fromEntries defines own keys: a metric named "__proto__" keeps its statistics.
  const metricStats: EvaluationExport['metric_stats'] = Object.fromEntries(
    Object.entries(result.metricStats).map(([name, s]) => [name, { mean: s.mean, std: s.std, min: s.min, max: s.max, success_rate: s.successRate }]),
  );
  return {
    id: result.runId,
    name: result.runName,
    status: result.status,
    datasetName: result.datasetName,
    modelName: result.modelName,
    ...result.runInfo,
    // A result made by run() has its run's own times (as the stored run does); one built by hand may not.
    ...(result.runInfo.createdAt ? { startedAt: result.startTime, completedAt: result.endTime } : {}),
    startTime: result.startTime,
    endTime: result.endTime,
    durationSeconds: result.durationSeconds,
    successRate: result.successRate,
    metricNames: result.metricNames,
    metricStats,
  };
}

/** One item result as the export builder reads it, through the same mapping as storage, so a stored run and its result export alike. @internal */
export function itemResultSource(item: ItemResult): ExportItemSource {
  const stored = itemToRecord(item);
  return {
    itemId: item.id,
    status: item.success ? 'completed' : 'failed',
    input: item.input,
    expected: item.expected,
    output: item.output,
    errorType: item.errorType ?? null,
    errorMessage: item.error ?? null,
    responseTime: item.responseTime,
    tokensUsed: item.tokensUsed ?? null,
    cost: item.cost ?? null,
    scores: stored.scores ?? {},
    metadata: stored.metadata ?? null,
    startedAt: item.startedAt,
    completedAt: item.completedAt,
    sequenceNumber: stored.sequenceNumber,
  };
}
