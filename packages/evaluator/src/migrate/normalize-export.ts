import { createHash } from 'node:crypto';
import type { CreateRunInput, ItemInput } from '@llm-eval/storage';
import { DatasetError } from '../errors';
import type { EvaluationExport, ExportedFailure, ExportedResult } from '../result/export-format';
import { exportItemIds } from './item-order';
import { quoteValue } from './safe-excerpt';

/** Where an import came from, kept with the run so the same export is not imported twice. @internal */
export interface ImportOrigin {
  format: 'llm-eval' | 'python-llm-eval';
  /** SHA-256 of the run and items the export holds (its data, not its formatting or file name). */
  contentHash: string;
  /** The run id the export names, when it is a UUID: the run it was exported from. */
  sourceRunId: string | null;
}

/** A run and its items, ready for the repository, and where they came from. @internal */
export interface NormalizedImport {
  run: CreateRunInput;
  items: ItemInput[];
  origin: ImportOrigin;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Python writes naive local timestamps; without an offset we read them as UTC. */
function parseTime(value: unknown, field: string): Date {
  if (typeof value !== 'string' || value.trim() === '') throw new DatasetError(`the export's "${field}" is missing or not a string`);
  const text = /([zZ]|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new DatasetError(`the export's "${field}" is not a valid timestamp: ${quoteValue(value)}`);
  return date;
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "TimeoutError: request timed out" → type TimeoutError; a message without such a prefix has no type. */
function splitError(text: string): { type: string | null; message: string } {
  const match = /^([A-Za-z_][\w.]*(?:Error|Exception|Timeout|Warning)?):\s*(.*)$/s.exec(text);
  if (match && /^[A-Z]/.test(match[1]!)) return { type: match[1]!, message: match[2]! };
  return { type: null, message: text };
}

function nonNegative(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

const stringOr = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const objectOr = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** JSON with object keys sorted, so equal data hashes equally whatever order a file lists keys in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    objectOr(v) && !(v instanceof Date) ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}

function successfulItem(id: string, sequenceNumber: number, ok: ExportedResult): ItemInput {
  return {
    itemId: id,
    sequenceNumber,
    input: ok.input ?? null,
    expectedOutput: asText(ok.expected),
    actualOutput: asText(ok.output),
    status: ok.success === false ? 'failed' : 'completed',
    responseTime: nonNegative(ok.time),
    tokensUsed: Number.isInteger(ok.tokens_used) ? ok.tokens_used! : null,
    cost: nonNegative(ok.cost),
    startedAt: ok.started_at ? parseTime(ok.started_at, `results.${id}.started_at`) : null,
    scores: Object.fromEntries(
      Object.entries(ok.scores ?? {}).map(([name, value]) => [
        name,
        typeof value === 'number' || typeof value === 'boolean'
          ? value
          : { error: typeof (value as { error?: unknown })?.error === 'string' ? (value as { error: string }).error : `invalid score in export: ${quoteValue(value)}` },
      ]),
    ),
    metadata:
      ok.metadata || ok.reasons || ok.attempts
        ? { ...ok.metadata, ...(ok.reasons ? { metric_reasons: ok.reasons } : {}), ...(ok.attempts ? { attempts: ok.attempts } : {}) }
        : null,
  };
}

function failedItem(id: string, sequenceNumber: number, text: string, detail: ExportedFailure | undefined): ItemInput {
  const split = splitError(text);
  // llm-eval writes error_type/error_message (null when the item had none); Python's exports only have the line.
  const has = (key: keyof ExportedFailure) => detail !== undefined && Object.hasOwn(detail, key);
  return {
    itemId: id,
    sequenceNumber,
    input: detail?.input ?? null,
    expectedOutput: asText(detail?.expected),
    status: detail?.status === 'skipped' || detail?.status === 'pending' ? detail.status : 'failed',
    errorType: has('error_type') ? (detail!.error_type ?? null) : split.type,
    errorMessage: has('error_message') ? (detail!.error_message ?? null) : split.message,
    responseTime: nonNegative(detail?.time),
    startedAt: detail?.started_at ? parseTime(detail.started_at, `failures.${id}.started_at`) : null,
    metadata: detail?.metadata ?? null,
  };
}

/**
 * Turns a Python LLM-Eval export (or llm-eval's own) into a run and items. Keeps the export's timing, records
 * `errors` entries as failed items with their messages, keeps boolean scores (stored as booleans, counted as 1/0)
 * and `{ "error": … }` scores as metric errors, and restores what llm-eval's `llm_eval` block carries (project,
 * tags, creator, description, model version, task type, config, environment, metric configs).
 * @internal
 */
export function normalizeExport(data: EvaluationExport): NormalizedImport {
  if (typeof data !== 'object' || data === null || typeof data.results !== 'object' || data.results === null) {
    throw new DatasetError('not an LLM-Eval export: it has no "results" object');
  }
  const start = parseTime(data.start_time, 'start_time');
  const end = data.end_time ? parseTime(data.end_time, 'end_time') : start;
  const duration = nonNegative(data.duration) ?? Math.max(0, (end.getTime() - start.getTime()) / 1000);
  const block = data.llm_eval;
  const failures = objectOr(block?.failures) ?? {};
  const items: ItemInput[] = exportItemIds(data).map((id, sequenceNumber) =>
    Object.hasOwn(data.results, id)
      ? successfulItem(id, sequenceNumber, data.results[id]!)
      : failedItem(id, sequenceNumber, String(data.errors[id] ?? 'Error: unknown failure'), Object.hasOwn(failures, id) ? (failures[id] as ExportedFailure) : undefined),
  );
  const tags = Array.isArray(block?.tags) ? block.tags.filter((t): t is string => typeof t === 'string') : undefined;
  const run: CreateRunInput = {
    name: (data.run_name || `${data.dataset_name ?? 'imported'}-${start.toISOString()}`).slice(0, 255),
    status: block?.status ?? 'completed',
    description: stringOr(block?.description) ?? null,
    datasetName: data.dataset_name || null,
    modelName: stringOr(block?.model_name) ?? null,
    modelVersion: stringOr(block?.model_version) ?? null,
    taskType: stringOr(block?.task_type) ?? null,
    projectId: stringOr(block?.project_id) ?? null,
    createdBy: stringOr(block?.created_by) ?? null,
    ...(tags ? { tags } : {}),
    metricsUsed: Array.isArray(data.metrics) ? data.metrics : Object.keys(data.metric_stats ?? {}),
    metricConfigs: objectOr(block?.metric_configs),
    config: objectOr(block?.config),
    environment: objectOr(block?.environment),
    createdAt: start,
    startedAt: start,
    completedAt: end,
    durationSeconds: duration,
  };
  const sourceRunId = typeof block?.run_id === 'string' && UUID.test(block.run_id) ? block.run_id.toLowerCase() : null;
  const contentHash = createHash('sha256').update(canonicalJson({ run, items })).digest('hex');
  return { run, items, origin: { format: block ? 'llm-eval' : 'python-llm-eval', contentHash, sourceRunId } };
}
