import { ITEM_STATUSES } from '@llm-eval/models';
import { DuplicateItemError, ValidationError } from '../errors';
import type { ItemInput, ScoreValue } from './records';
import type { SqlDialect } from './sql-dialect';

/** Column order of bulk item inserts. @internal */
export const ITEM_COLUMNS = [
  'run_id',
  'item_id',
  'sequence_number',
  'input',
  'expected_output',
  'actual_output',
  'status',
  'error_message',
  'error_type',
  'started_at',
  'completed_at',
  'response_time',
  'tokens_used',
  'cost',
  'scores',
  'metadata',
  'trace_id',
] as const;

const STATUSES = new Set<string>(ITEM_STATUSES);

function bad(index: number, field: string, problem: string): never {
  throw new ValidationError(`Item ${index} (field "${field}"): ${problem}. Nothing from this batch was stored.`, field);
}

function optionalNumber(index: number, field: string, value: unknown, integer = false): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    bad(index, field, `must be a ${integer ? 'whole ' : ''}number >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalText(index: number, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') bad(index, field, `must be a string, got ${typeof value}`);
  return value;
}

function optionalDate(index: number, field: string, value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) bad(index, field, 'must be a valid Date');
  return value;
}

function checkScores(index: number, scores: unknown): Record<string, ScoreValue> {
  if (scores === undefined || scores === null) return {};
  if (typeof scores !== 'object' || Array.isArray(scores)) bad(index, 'scores', 'must be an object of metric name to score');
  for (const [metric, value] of Object.entries(scores)) {
    const ok =
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'boolean' ||
      (typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string');
    if (!ok) bad(index, `scores.${metric}`, `must be a finite number, a boolean or { error: string }, got ${JSON.stringify(value)}`);
  }
  return scores as Record<string, ScoreValue>;
}

/**
 * Validates items and turns them into bound-parameter rows in ITEM_COLUMNS order.
 * Duplicate ids within the batch are caught here; duplicates of stored items by the unique index.
 * @internal
 */
export function toItemRows(runId: string, items: readonly ItemInput[], firstSequence: number, dialect: SqlDialect): unknown[][] {
  const seen = new Set<string>();
  const rows: unknown[][] = new Array(items.length);
  let nextSequence = firstSequence;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (typeof item !== 'object' || item === null) bad(i, 'item', 'must be an object');
    const itemId = item.itemId;
    if (typeof itemId !== 'string' || itemId.length === 0 || itemId.length > 255) {
      bad(i, 'itemId', 'must be a non-empty string of at most 255 characters');
    }
    if (seen.has(itemId)) throw new DuplicateItemError(runId, itemId);
    seen.add(itemId);
    const status = item.status ?? 'completed';
    if (!STATUSES.has(status)) bad(i, 'status', `must be one of ${ITEM_STATUSES.join(', ')}, got "${String(status)}"`);
    let sequence = item.sequenceNumber;
    if (sequence === undefined) sequence = nextSequence;
    else if (!Number.isInteger(sequence) || sequence < 0) bad(i, 'sequenceNumber', 'must be a whole number >= 0');
    nextSequence = Math.max(nextSequence, sequence + 1);
    const startedAt = optionalDate(i, 'startedAt', item.startedAt);
    const completedAt = optionalDate(i, 'completedAt', item.completedAt);
    rows[i] = [
      runId,
      itemId,
      sequence,
      item.input === undefined ? null : JSON.stringify(item.input),
      optionalText(i, 'expectedOutput', item.expectedOutput),
      optionalText(i, 'actualOutput', item.actualOutput),
      status,
      optionalText(i, 'errorMessage', item.errorMessage),
      optionalText(i, 'errorType', item.errorType),
      startedAt && dialect.timestamp(startedAt),
      completedAt && dialect.timestamp(completedAt),
      optionalNumber(i, 'responseTime', item.responseTime),
      optionalNumber(i, 'tokensUsed', item.tokensUsed, true),
      optionalNumber(i, 'cost', item.cost),
      JSON.stringify(checkScores(i, item.scores)),
      item.metadata === undefined || item.metadata === null ? null : JSON.stringify(item.metadata),
      optionalText(i, 'traceId', item.traceId),
    ];
  }
  return rows;
}

/** Rows per INSERT: ~500 was fastest here, and always under the driver's bound-parameter limit. @internal */
export function rowsPerStatement(dialect: SqlDialect): number {
  return Math.min(500, Math.floor(dialect.maxParams / ITEM_COLUMNS.length));
}

/** A multi-row INSERT statement for `rowCount` item rows. @internal */
export function itemInsertSql(rowCount: number, dialect: SqlDialect): string {
  const width = ITEM_COLUMNS.length;
  const tuples: string[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const params: string[] = new Array(width);
    for (let c = 0; c < width; c++) params[c] = dialect.param(r * width + c + 1);
    tuples[r] = `(${params.join(', ')})`;
  }
  return `INSERT INTO "evaluation_items" (${ITEM_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
}
