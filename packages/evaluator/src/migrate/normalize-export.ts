import type { CreateRunInput, ItemInput } from '@llm-eval/storage';
import { calendarFieldsExist } from '@llm-eval/storage/limits';
import { DatasetError } from '../errors';
import type { EvaluationExport, ExportedFailure, ExportedResult } from '../result/export-format';
import { hasZone, WRITTEN_TIMES_CONFIG_KEY, writtenTimesToKeep } from '../result/written-times';
import { withImportBookkeeping } from '../result/import-bookkeeping';
import { MAX_STORED_TEXT, storedPrefix } from '../storage/storage-limits';
import { importContentHash } from './content-hash';
import { FailedWithoutError } from './failed-without-error';
import { itemCountWarning } from './item-count';
import { exportItemIds } from './item-order';
import { quoteValue } from './safe-excerpt';
import { ScoreReader } from './score-reader';

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
  /**
   * Values of the export that are stored as unknown, one message per field (e.g. a negative "time", a score given as
   * text), and a Python export's total_items that disagrees with its items.
   */
  warnings: string[];
  /** Whether `warnings` already say that the stored success rate is not the export's (a failed result without an error). */
  successRateWarned: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Python writes naive local timestamps; without an offset we read them as UTC. */
function parseTime(value: unknown, field: string): Date {
  if (typeof value !== 'string' || value.trim() === '') throw new DatasetError(`the export's "${field}" is missing or not a string`);
  const text = hasZone(value) ? value : `${value}Z`;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || !namesRealMoment(value)) {
    throw new DatasetError(`the export's "${field}" is not a valid timestamp: ${quoteValue(value)}`);
  }
  return date;
}

/**
 * Whether the calendar fields a timestamp starts with exist: Date reads 2026-02-30 as 2 March and T24:00 as the next
 * day, so an export naming a day that does not exist would be stored as another one. Checked as written (before any
 * offset).
 */
function namesRealMoment(text: string): boolean {
  const fields = /^\s*(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?)?/.exec(text);
  if (!fields) return true; // not this shape: Date's own reading stands
  const [year, month, day, hour, minute, second] = fields.slice(1).map((f) => Number(f ?? 0)) as [number, number, number, number, number, number];
  return calendarFieldsExist(year, month, day, hour, minute, second);
}

/** An optional timestamp of llm-eval's: null stays null (the run or item has none). */
function optionalTime(value: unknown, field: string): Date | null {
  return value === null ? null : parseTime(value, field);
}

/** The largest sequence number storage keeps (an int4 column). */
const MAX_SEQUENCE = 2_147_483_647;

/**
 * What llm-eval writes after the Python fields of an item, as storage fields; only those the entry has, so an export
 * without them normalizes (and hashes) as before.
 */
function itemExtras(entry: ExportedResult | ExportedFailure, position: number, where: string): Pick<ItemInput, 'sequenceNumber' | 'completedAt' | 'traceId'> {
  const sequence = entry.sequence_number;
  return {
    sequenceNumber: Number.isInteger(sequence) && sequence! >= 0 && sequence! <= MAX_SEQUENCE ? sequence : position,
    ...(entry.completed_at ? { completedAt: parseTime(entry.completed_at, `${where}.completed_at`) } : {}),
    ...(typeof entry.trace_id === 'string' && entry.trace_id !== '' ? { traceId: entry.trace_id } : {}),
  };
}

/** Metadata with the metric reasons and attempts the export keeps beside it folded back in, as storage keeps them. */
function foldedMetadata(entry: ExportedResult | ExportedFailure): Record<string, unknown> | null {
  if (!entry.metadata && !entry.reasons && !entry.attempts) return entry.metadata ?? null;
  return { ...entry.metadata, ...(entry.reasons ? { metric_reasons: entry.reasons } : {}), ...(entry.attempts ? { attempts: entry.attempts } : {}) };
}

/**
 * An expected or actual output as stored: text as it is, anything else as its JSON. JSON.stringify recurses, and a
 * value nested some thousands of levels deep overflowed its stack: "Maximum call stack size exceeded", naming nothing.
 */
function asText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DatasetError(`the export's "${field}" nests arrays or objects too deeply to be stored (thousands of levels); flatten it or store it as text`);
  }
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

/** What each usage field of an item must be; a value that is not is stored as unknown, and said so. */
const USAGE_RULES = {
  time: { rule: 'a number of seconds >= 0', valid: (v: number) => v >= 0 },
  tokens_used: { rule: 'a whole number >= 0', valid: (v: number) => Number.isInteger(v) && v >= 0 },
  cost: { rule: 'a number >= 0', valid: (v: number) => v >= 0 },
} as const;
type UsageField = keyof typeof USAGE_RULES;

function describeUsage(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the text ${quoteValue(value)}`;
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Reads items' usage fields (time, tokens_used, cost). null or absent means unknown; any other value that is not
 * valid (a negative time, a fractional token count, a cost given as text) is stored as unknown too, and counted so
 * that the import can say which field, how many items and the first one, instead of dropping it without a word.
 */
class UsageReader {
  private readonly dropped = new Map<UsageField, { count: number; itemId: string; value: unknown }>();

  read(field: UsageField, value: unknown, itemId: string): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isFinite(value) && USAGE_RULES[field].valid(value)) return value;
    const seen = this.dropped.get(field);
    if (seen) seen.count++;
    else this.dropped.set(field, { count: 1, itemId, value });
    return null;
  }

  warnings(): string[] {
    return [...this.dropped].map(([field, { count, itemId, value }]) => {
      const which =
        count === 1
          ? `of item ${quoteValue(itemId)} is ${describeUsage(value)}, not ${USAGE_RULES[field].rule}`
          : `of ${count} items is not ${USAGE_RULES[field].rule} (the first, item ${quoteValue(itemId)}, has ${describeUsage(value)})`;
      return `"${field}" ${which}, so it is stored as unknown; fix the export and import it again to keep it`;
    });
  }
}

const stringOr = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const objectOr = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

function successfulItem(id: string, sequenceNumber: number, ok: ExportedResult, usage: UsageReader, scores: ScoreReader, unexplained: FailedWithoutError): ItemInput {
  unexplained.check(id, ok);
  return {
    itemId: id,
    input: ok.input ?? null,
    expectedOutput: asText(ok.expected, `results.${id}.expected`),
    actualOutput: asText(ok.output, `results.${id}.output`),
    status: ok.success === false ? 'failed' : 'completed',
    responseTime: usage.read('time', ok.time, id),
    tokensUsed: usage.read('tokens_used', ok.tokens_used, id),
    cost: usage.read('cost', ok.cost, id),
    startedAt: ok.started_at ? parseTime(ok.started_at, `results.${id}.started_at`) : null,
    scores: scores.read(ok.scores, id),
    metadata: foldedMetadata(ok),
    ...itemExtras(ok, sequenceNumber, `results.${id}`),
    ...(typeof ok.error_type === 'string' ? { errorType: ok.error_type } : {}),
    ...(typeof ok.error_message === 'string' ? { errorMessage: ok.error_message } : {}),
  };
}

function failedItem(id: string, sequenceNumber: number, text: string, detail: ExportedFailure | undefined, usage: UsageReader, scores: ScoreReader): ItemInput {
  const split = splitError(text);
  // llm-eval writes error_type/error_message (null when the item had none); Python's exports only have the line.
  const has = (key: keyof ExportedFailure) => detail !== undefined && Object.hasOwn(detail, key);
  const item: ItemInput = {
    itemId: id,
    sequenceNumber,
    input: detail?.input ?? null,
    expectedOutput: asText(detail?.expected, `failures.${id}.expected`),
    status: detail?.status === 'skipped' || detail?.status === 'pending' ? detail.status : 'failed',
    errorType: has('error_type') ? (detail!.error_type ?? null) : split.type,
    errorMessage: has('error_message') ? (detail!.error_message ?? null) : split.message,
    responseTime: usage.read('time', detail?.time, id),
    startedAt: detail?.started_at ? parseTime(detail.started_at, `failures.${id}.started_at`) : null,
    metadata: detail ? foldedMetadata(detail) : null,
    ...(detail ? itemExtras(detail, sequenceNumber, `failures.${id}`) : {}),
    ...(detail?.output !== undefined && detail.output !== null ? { actualOutput: asText(detail.output, `failures.${id}.output`) } : {}),
    ...(detail?.scores && typeof detail.scores === 'object' ? { scores: scores.read(detail.scores, id) } : {}),
  };
  // A failed item has usage only when the task reported it before failing: the fields are left out otherwise.
  const tokensUsed = usage.read('tokens_used', detail?.tokens_used, id);
  const cost = usage.read('cost', detail?.cost, id);
  return { ...item, ...(tokensUsed !== null ? { tokensUsed } : {}), ...(cost !== null ? { cost } : {}) };
}

/**
 * Turns a Python LLM-Eval export (or llm-eval's own) into a run and items. Keeps the export's timing, records
 * `errors` entries as failed items with their messages, keeps boolean scores (stored as booleans, counted as 1/0)
 * and `{ "error": … }` scores as metric errors, and restores what llm-eval's `llm_eval` block carries (project,
 * tags, creator, description, model version, task type, config, environment, metric configs, status reason, the run's
 * created/started/completed times) and what its item entries add (completion times, sequence numbers, trace ids, and a
 * failed item's output, scores, usage, reasons and attempts).
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
  const ownBlock = objectOr(block) ?? {};
  const failures = objectOr(block?.failures) ?? {};
  const usage = new UsageReader();
  const scores = new ScoreReader();
  const unexplained = new FailedWithoutError();
  const items: ItemInput[] = exportItemIds(data).map((id, sequenceNumber) =>
    Object.hasOwn(data.results, id)
      ? successfulItem(id, sequenceNumber, data.results[id]!, usage, scores, unexplained)
      : failedItem(id, sequenceNumber, String(data.errors[id] ?? 'Error: unknown failure'), Object.hasOwn(failures, id) ? (failures[id] as ExportedFailure) : undefined, usage, scores),
  );
  const tags = Array.isArray(block?.tags) ? block.tags.filter((t): t is string => typeof t === 'string') : undefined;
  const run: CreateRunInput = {
    name: storedPrefix(data.run_name || `${data.dataset_name ?? 'imported'}-${start.toISOString()}`, MAX_STORED_TEXT),
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
    // llm-eval's own exports name the run's timestamps; without them (older and Python exports) start and end do.
    createdAt: block?.created_at ? parseTime(block.created_at, 'llm_eval.created_at') : start,
    startedAt: Object.hasOwn(ownBlock, 'started_at') ? optionalTime(block!.started_at, 'llm_eval.started_at') : start,
    completedAt: Object.hasOwn(ownBlock, 'completed_at') ? optionalTime(block!.completed_at, 'llm_eval.completed_at') : end,
    durationSeconds: duration,
    ...(stringOr(block?.status_reason) ? { statusReason: block!.status_reason } : {}),
  };
  const sourceRunId = typeof block?.run_id === 'string' && UUID.test(block.run_id) ? block.run_id.toLowerCase() : null;
  // Hashed without the kept text, as before it was kept: a file imported earlier is still found as a duplicate.
  const contentHash = importContentHash(run, items);
  const written = writtenTimesToKeep({ start_time: data.start_time, end_time: data.end_time }, { start_time: start, end_time: end });
  run.config = withImportBookkeeping(run.config, WRITTEN_TIMES_CONFIG_KEY, written);
  const countWarning = itemCountWarning(data);
  const unexplainedWarnings = unexplained.warnings(data.success_rate, items);
  const warnings = [...(countWarning ? [countWarning] : []), ...usage.warnings(), ...scores.warnings(), ...unexplainedWarnings];
  const origin: ImportOrigin = { format: block ? 'llm-eval' : 'python-llm-eval', contentHash, sourceRunId };
  return { run, items, origin, warnings, successRateWarned: unexplainedWarnings.length > 0 };
}
