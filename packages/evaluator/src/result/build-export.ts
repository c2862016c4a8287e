import type { EvaluationExport, ExportedFailure, ExportedResult, ExportedScore, LlmEvalBlock } from './export-format';
import { isoUtc } from './export-format';
import { exportTime, type WrittenTimes } from './written-times';
import { configWithoutBookkeeping } from './import-bookkeeping';

/** A run as the export builder reads it: a stored run's fields, or an in-memory result's. @internal */
export interface ExportRunSource {
  id?: string | null;
  name: string;
  status: string;
  datasetName: string | null;
  modelName?: string | null;
  modelVersion?: string | null;
  description?: string | null;
  projectId?: string | null;
  tags?: readonly string[];
  createdBy?: string | null;
  taskType?: string | null;
  config?: Record<string, unknown> | null;
  environment?: Record<string, unknown> | null;
  metricConfigs?: Record<string, unknown> | null;
  statusReason?: string | null;
  /** A stored run's own timestamps; left out (undefined) by a source that has none of its own (an in-memory result). */
  createdAt?: Date | string;
  startedAt?: Date | string | null;
  completedAt?: Date | string | null;
  startTime: Date | string;
  endTime: Date | string;
  /** start_time/end_time as an imported file wrote them, written back while they name startTime/endTime. */
  writtenTimes?: WrittenTimes;
  durationSeconds: number;
  successRate: number;
  metricNames: readonly string[];
  metricStats: EvaluationExport['metric_stats'];
}

/** An item as the export builder reads it: a stored item (ItemRecord), with input/expected/output as values. @internal */
export interface ExportItemSource {
  itemId: string;
  status: string;
  input: unknown;
  expected: unknown;
  output: unknown;
  errorType: string | null;
  errorMessage: string | null;
  responseTime: number | null;
  tokensUsed: number | null;
  cost: number | null;
  scores: Record<string, ExportedScore>;
  /** Task metadata with the evaluator's additions folded in (metric_reasons, attempts, task), as storage keeps it. */
  metadata: Record<string, unknown> | null;
  startedAt: Date | string | null;
  completedAt: Date | string | null;
  sequenceNumber?: number;
  traceId?: string | null;
}

/** The document's fields before its items: everything but `results`, `errors` and `llm_eval`. */
export type ExportHead = Omit<EvaluationExport, 'results' | 'errors' | 'llm_eval'>;

/** The `llm_eval` block without its per-item parts (`item_order`, `failures`). */
export type ExportRunBlock = Omit<LlmEvalBlock, 'item_order' | 'failures'>;

/**
 * One item of an export: a successful item's entry in `results`, or a failed (skipped, pending) item's line in
 * `errors` with its details for `llm_eval.failures`.
 */
export type ExportedItem =
  | { id: string; ok: ExportedResult; failed?: undefined; error?: undefined }
  | { id: string; ok?: undefined; failed: ExportedFailure; error: string };

/**
 * THE export document builder: a stored run (`runs export`) and an in-memory result (`EvaluationResult.toJSON`)
 * both become the Python LLM-Eval format with the lossless `llm_eval` block through this one function. Its pieces
 * (exportHead, exportItem, exportRunBlock) are what a writer that streams a run's items uses instead.
 * @internal
 */
export function buildExport(run: ExportRunSource, items: readonly ExportItemSource[]): EvaluationExport {
  const results: EvaluationExport['results'] = {};
  const errors: EvaluationExport['errors'] = {};
  const failures: Record<string, ExportedFailure> = {};
  for (const item of items) {
    const entry = exportItem(item);
    if (entry.ok) setMember(results, entry.id, entry.ok);
    else {
      setMember(errors, entry.id, entry.error);
      setMember(failures, entry.id, entry.failed);
    }
  }
  return {
    ...exportHead(run, items.length),
    results,
    errors,
    llm_eval: { ...exportRunBlock(run), item_order: items.map((i) => i.itemId), failures },
  };
}

/** Sets an own member, also for an item named "__proto__" (assigning that would set the prototype and lose the item). */
function setMember<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** The document's fields before its items, for a run of `totalItems` items. @internal */
export function exportHead(run: ExportRunSource, totalItems: number): ExportHead {
  return {
    dataset_name: run.datasetName ?? '',
    run_name: run.name,
    start_time: exportTime(new Date(run.startTime), run.writtenTimes?.start_time),
    end_time: exportTime(new Date(run.endTime), run.writtenTimes?.end_time),
    duration: run.durationSeconds,
    total_items: totalItems,
    success_rate: run.successRate,
    metrics: [...run.metricNames],
    metric_stats: run.metricStats,
  };
}

/**
 * One item as its export entry: in `results` when it completed, else a line in `errors` and its failure details. A
 * failed item without any error (no type, no message: a Python result imported with `"success": false` and no error)
 * stays in `results` with `"success": false`, as it came in: a line in `errors` would be a message it never had.
 * @internal
 */
export function exportItem(item: ExportItemSource): ExportedItem {
  const { metadata, reasons, attempts } = splitMetadata(item.metadata);
  const startedAt = item.startedAt ? { started_at: isoUtc(new Date(item.startedAt)) } : {};
  // What llm-eval adds after the Python fields of either kind of entry; Python's importer ignores it.
  const extras = {
    ...(attempts ? { attempts } : {}),
    ...(item.completedAt ? { completed_at: isoUtc(new Date(item.completedAt)) } : {}),
    ...(item.sequenceNumber !== undefined ? { sequence_number: item.sequenceNumber } : {}),
    ...(item.traceId ? { trace_id: item.traceId } : {}),
  };
  const hasScores = Object.keys(item.scores).length > 0;
  const failedWithoutError = item.status === 'failed' && item.errorType === null && item.errorMessage === null;
  if (item.status !== 'completed' && !failedWithoutError) {
    const failed: ExportedFailure = {
      ...(item.input !== undefined && item.input !== null ? { input: item.input } : {}),
      ...(item.expected !== undefined && item.expected !== null ? { expected: item.expected } : {}),
      ...(metadata ? { metadata } : {}),
      error_type: item.errorType,
      error_message: item.errorMessage,
      ...(item.responseTime !== null ? { time: item.responseTime } : {}),
      ...startedAt,
      ...(item.status === 'skipped' || item.status === 'pending' ? { status: item.status } : {}),
      ...(item.output !== undefined && item.output !== null ? { output: item.output } : {}),
      ...(hasScores ? { scores: { ...item.scores } } : {}),
      ...(reasons ? { reasons } : {}),
      ...(item.tokensUsed !== null ? { tokens_used: item.tokensUsed } : {}),
      ...(item.cost !== null ? { cost: item.cost } : {}),
      ...extras,
    };
    return { id: item.itemId, failed, error: errorLine(item) };
  }
  const result: ExportedResult = {
    output: item.output,
    scores: { ...item.scores },
    success: !failedWithoutError,
    // A missing response time stays null (not 0), so importing the file back gives the same statistics.
    time: item.responseTime as number,
    input: item.input,
    expected: item.expected,
    ...(metadata ? { metadata } : {}),
    ...(item.tokensUsed !== null ? { tokens_used: item.tokensUsed } : {}),
    ...(item.cost !== null ? { cost: item.cost } : {}),
    ...(reasons ? { reasons } : {}),
    ...startedAt,
    ...extras,
    ...(item.errorType !== null ? { error_type: item.errorType } : {}),
    ...(item.errorMessage !== null ? { error_message: item.errorMessage } : {}),
  };
  return { id: item.itemId, ok: result };
}

/** The `llm_eval` block's run fields (everything but item_order and failures). @internal */
export function exportRunBlock(run: ExportRunSource): ExportRunBlock {
  const config = configWithoutBookkeeping(run.config);
  return {
    format: 'llm-eval.export',
    version: 1,
    // The export format has no "running": a run exported while it runs is, as a file, an interrupted run.
    status: run.status === 'completed' || run.status === 'failed' ? run.status : 'cancelled',
    ...(run.statusReason ? { status_reason: run.statusReason } : {}),
    ...(run.id ? { run_id: run.id } : {}),
    ...(run.createdAt !== undefined ? { created_at: isoUtc(new Date(run.createdAt)) } : {}),
    ...(run.startedAt !== undefined ? { started_at: run.startedAt === null ? null : isoUtc(new Date(run.startedAt)) } : {}),
    ...(run.completedAt !== undefined ? { completed_at: run.completedAt === null ? null : isoUtc(new Date(run.completedAt)) } : {}),
    ...(run.modelName ? { model_name: run.modelName } : {}),
    ...(run.modelVersion ? { model_version: run.modelVersion } : {}),
    ...(run.description ? { description: run.description } : {}),
    ...(run.projectId ? { project_id: run.projectId } : {}),
    ...(run.tags?.length ? { tags: [...run.tags] } : {}),
    ...(run.createdBy ? { created_by: run.createdBy } : {}),
    ...(run.taskType ? { task_type: run.taskType } : {}),
    ...(config ? { config } : {}),
    ...(run.environment ? { environment: run.environment } : {}),
    ...(run.metricConfigs ? { metric_configs: run.metricConfigs } : {}),
  };
}

/** The one-line form of a failure in `errors`: "TypeError: message" ("Error"/"Skipped" when there is no type). */
function errorLine(item: ExportItemSource): string {
  const type = item.errorType ?? (item.status === 'failed' ? 'Error' : item.status[0]!.toUpperCase() + item.status.slice(1));
  return `${type}: ${item.errorMessage ?? ''}`;
}

/**
 * Splits what the evaluator folds into stored metadata (metric reasons, attempts) back out. A value of another shape
 * under those keys is not the evaluator's: it stays in the metadata, where the importer puts it back as it was.
 */
function splitMetadata(metadata: Record<string, unknown> | null) {
  if (!metadata) return { metadata: undefined, reasons: undefined, attempts: undefined };
  const rest = { ...metadata };
  const reasons = rest.metric_reasons;
  const isReasons = typeof reasons === 'object' && reasons !== null && !Array.isArray(reasons);
  if (isReasons) delete rest.metric_reasons;
  const attempts = rest.attempts;
  const isAttempts = typeof attempts === 'number' && attempts > 0;
  if (isAttempts) delete rest.attempts;
  return {
    metadata: Object.keys(rest).length ? rest : undefined,
    reasons: isReasons ? (reasons as Record<string, string>) : undefined,
    attempts: isAttempts ? attempts : undefined,
  };
}
