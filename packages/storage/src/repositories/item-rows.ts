import { ITEM_STATUSES } from '@llm-eval/models';
import { DuplicateItemError, ITEM_NOT_STORED, ValidationError, type RejectedItem } from '../errors';
import { ITEM_NUMBER_LIMITS, MAX_JSON_DEPTH, MAX_STORED_TEXT } from '../limits';
import { describeValue } from './describe-value';
import { encodeText, toStoredJson } from './stored-text';
import type { ItemInput, ScoreValue } from './records';
import type { SqlDialect } from './sql-dialect';
import { isStorableDate, STORABLE_DATE_RULE } from './stored-date';

/** Column order of bulk item inserts. @internal */
export const ITEM_COLUMNS = [
  'run_key',
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

/** The problem with one item; thrown by the checks below and caught per item. */
class ItemProblem extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(problem);
  }
}

function bad(field: string, problem: string): never {
  throw new ItemProblem(field, problem);
}

function optionalNumber(field: string, value: unknown, integer = false): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    bad(field, `must be a ${integer ? 'whole ' : ''}number >= 0, got ${describeValue(value)}`);
  }
  const limit = (ITEM_NUMBER_LIMITS as Record<string, number>)[field];
  if (limit !== undefined && value > limit) bad(field, `must be at most ${limit.toLocaleString('en-US')}, got ${value}`);
  return value;
}

/**
 * What is wrong with a text `given` whose stored form `stored` is longer than `max` characters: the stored length, and
 * why it exceeds the given one when it does (a 61-character id of 60 NULs is 301 characters as stored).
 */
function tooLong(max: number, given: string, stored: string): string {
  const why = stored.length === given.length ? '' : ` (${given.length} given; NUL, U+FDD0 and each lone surrogate take 5 characters as stored)`;
  return `must be at most ${max} characters as stored, got ${stored.length}${why}`;
}

/** The text as stored (see stored-text.ts), checked against the column's length when it has one. */
function optionalText(field: string, value: unknown, maxLength?: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') bad(field, `must be a string, got ${typeof value}`);
  const stored = encodeText(value);
  if (maxLength !== undefined && stored.length > maxLength) bad(field, tooLong(maxLength, value, stored));
  return stored;
}

function optionalDate(field: string, value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof Date) || !isStorableDate(value)) bad(field, STORABLE_DATE_RULE);
  return value;
}

/** The nesting depth of JSON text, counting only brackets outside strings; stops counting past `limit`. @internal */
export function jsonDepth(json: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}

/** @internal */
export const tooDeep = () => `nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; flatten it (SQLite reads JSON no deeper than 1,000 levels)`;

/** JSON text as stored, or a problem naming the field when the value cannot be JSON (a cycle, a BigInt). */
function optionalJson(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  let json: string | undefined;
  try {
    json = toStoredJson(value);
  } catch (error) {
    // JSON.stringify recurses: a value nested some thousands of levels deep overflows the stack before the check below.
    if (error instanceof RangeError && /call stack/i.test(error.message)) bad(field, tooDeep());
    bad(field, `cannot be stored as JSON: ${(error as Error)?.message ?? String(error)}`);
  }
  // Nesting past the limit needs two characters per level: shorter text cannot have it.
  if (json !== undefined && json.length > 2 * MAX_JSON_DEPTH && jsonDepth(json, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    bad(field, tooDeep());
  }
  return json ?? null;
}

/** Longest metric name: a run's statistics are stored per metric under its name (varchar(255)). */
const MAX_METRIC_NAME = 255;

function checkScores(scores: unknown): Record<string, ScoreValue> {
  if (scores === undefined || scores === null) return {};
  if (typeof scores !== 'object' || Array.isArray(scores)) bad('scores', 'must be an object of metric name to score');
  for (const metric of Object.keys(scores)) {
    if (metric.length === 0 || metric.length > MAX_METRIC_NAME) {
      bad('scores', `metric names must be 1 to ${MAX_METRIC_NAME} characters, got one of ${metric.length}: ${JSON.stringify(metric.slice(0, 40))}${metric.length > 40 ? '…' : ''}`);
    }
    const value = (scores as Record<string, unknown>)[metric];
    const ok =
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'boolean' ||
      (typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string');
    if (!ok) bad(`scores.${metric}`, `must be a finite number, a boolean or { error: string }, got ${describeValue(value)}`);
  }
  return scores as Record<string, ScoreValue>;
}

/** One item ready to insert: its bound parameters in ITEM_COLUMNS order. @internal */
export interface ItemRow {
  /** Position in the batch. */
  index: number;
  itemId: string;
  values: unknown[];
}

/**
 * dialect.timestamp, remembering its last answer: a batch's items mostly start and finish within the same few
 * milliseconds, so most of its timestamps are the one before. Only for text timestamps (a Date is bound as itself).
 */
function timestampsOf(dialect: SqlDialect): (value: Date) => string | Date {
  if (dialect.kind !== 'sqlite') return dialect.timestamp;
  let lastTime = NaN;
  let last: string | Date = '';
  return (value) => {
    const time = value.getTime();
    if (time !== lastTime) {
      last = dialect.timestamp(value);
      lastTime = time;
    }
    return last;
  };
}

function toItemRow(
  runKey: number,
  item: ItemInput,
  storedItemId: string,
  sequence: number,
  timestamp: (value: Date) => string | Date,
): unknown[] {
  const startedAt = optionalDate('startedAt', item.startedAt);
  const completedAt = optionalDate('completedAt', item.completedAt);
  return [
    runKey,
    storedItemId,
    sequence,
    optionalJson('input', item.input),
    optionalText('expectedOutput', item.expectedOutput),
    optionalText('actualOutput', item.actualOutput),
    item.status ?? 'completed',
    optionalText('errorMessage', item.errorMessage),
    optionalText('errorType', item.errorType, MAX_STORED_TEXT),
    startedAt && timestamp(startedAt),
    completedAt && timestamp(completedAt),
    optionalNumber('responseTime', item.responseTime),
    optionalNumber('tokensUsed', item.tokensUsed, true),
    optionalNumber('cost', item.cost),
    optionalJson('scores', checkScores(item.scores)),
    optionalJson('metadata', item.metadata),
    optionalText('traceId', item.traceId, MAX_STORED_TEXT),
  ];
}

/**
 * Validates items and turns them into bound-parameter rows in ITEM_COLUMNS order, with text encoded for storage.
 * An invalid item (or the second of two with one id) is rejected on its own, with a typed error naming it and the
 * field; the other items still become rows. Duplicates of stored items are caught by the unique index on insert.
 * @internal
 */
export function toItemRows(
  runId: string,
  runKey: number,
  items: readonly ItemInput[],
  firstSequence: number,
  dialect: SqlDialect,
): { rows: ItemRow[]; rejected: RejectedItem[] } {
  const seen = new Set<string>();
  const rows: ItemRow[] = [];
  const rejected: RejectedItem[] = [];
  const timestamp = timestampsOf(dialect);
  let nextSequence = firstSequence;
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    const rawId = typeof item === 'object' && item !== null ? item.itemId : undefined;
    const itemId = typeof rawId === 'string' ? rawId : `#${index}`;
    try {
      if (typeof item !== 'object' || item === null) bad('item', 'must be an object');
      const storedId = typeof rawId === 'string' ? encodeText(rawId) : '';
      if (storedId.length === 0) bad('itemId', `must be a non-empty string of at most ${MAX_STORED_TEXT} characters`);
      if (storedId.length > MAX_STORED_TEXT) bad('itemId', tooLong(MAX_STORED_TEXT, rawId as string, storedId));
      if (seen.has(itemId)) {
        rejected.push({ itemId, index, error: new DuplicateItemError(runId, itemId) });
        continue;
      }
      const status = item.status ?? 'completed';
      if (!STATUSES.has(status)) bad('status', `must be one of ${ITEM_STATUSES.join(', ')}, got "${String(status)}"`);
      let sequence = item.sequenceNumber;
      if (sequence === undefined) sequence = nextSequence;
      else if (!Number.isInteger(sequence) || sequence < 0) bad('sequenceNumber', 'must be a whole number >= 0');
      const values = toItemRow(runKey, item, storedId, sequence, timestamp);
      seen.add(itemId);
      nextSequence = Math.max(nextSequence, sequence + 1);
      rows.push({ index, itemId, values });
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      const message = `Item ${index} ("${itemId}") field "${error.field}": ${error.message}. ${ITEM_NOT_STORED}`;
      rejected.push({ itemId, index, error: new ValidationError(message, error.field) });
    }
  }
  return { rows, rejected };
}

/** Rows per INSERT: ~500 was fastest here, and always under the driver's bound-parameter limit. @internal */
export function rowsPerStatement(dialect: SqlDialect): number {
  return Math.min(500, Math.floor(dialect.maxParams / ITEM_COLUMNS.length));
}

/**
 * The row counts of the INSERT statements that store `total` rows. On PostgreSQL as few as the parameter limit allows
 * (each statement is a round trip). On SQLite each distinct row count is a statement to compile (about 1 ms for 500
 * rows), which the driver caches by its text: a run's batches end in odd counts, so the remainder after the full
 * statements goes in power-of-two statements, whose texts (ten of them) stay compiled. @internal
 */
export function statementRowCounts(total: number, dialect: SqlDialect, rows?: readonly ItemRow[]): number[] {
  const full = rowsPerStatement(dialect);
  if (dialect.kind !== 'sqlite' && rows) return postgresStatementRowCounts(rows, full);
  const counts: number[] = [];
  let left = total;
  for (; left >= full; left -= full) counts.push(full);
  if (left === 0) return counts;
  if (dialect.kind !== 'sqlite') {
    counts.push(left);
    return counts;
  }
  for (let size = 256; size >= 1; size >>= 1) {
    if (left >= size) {
      counts.push(size);
      left -= size;
    }
  }
  return counts;
}

/**
 * Bytes of bound values one PostgreSQL statement carries at most, counted as 3 bytes a UTF-16 unit (UTF-8's most).
 * PostgreSQL refuses a protocol message over 1 GB by closing the connection ("invalid message length"): 500 rows of
 * 5 MB outputs were one 2.5 GB statement, so the batch failed as a lost connection and none of it was stored. A row
 * holds at most a few values of MAX_TEXT_LENGTH (10,000,000) characters, so one row alone is always far below 1 GB.
 * @internal
 */
export const MAX_STATEMENT_BYTES = 64 * 1024 * 1024;

/** An upper bound of the bytes a row's bound values take in a PostgreSQL message. */
function rowBytes(row: ItemRow): number {
  let bytes = 0;
  for (const value of row.values) bytes += typeof value === 'string' ? value.length * 3 + 4 : 12;
  return bytes;
}

/** Statements of up to `full` rows and MAX_STATEMENT_BYTES of values (and never fewer than one row). */
function postgresStatementRowCounts(rows: readonly ItemRow[], full: number): number[] {
  const counts: number[] = [];
  let count = 0;
  let bytes = 0;
  for (const row of rows) {
    const size = rowBytes(row);
    if (count > 0 && (count === full || bytes + size > MAX_STATEMENT_BYTES)) {
      counts.push(count);
      count = 0;
      bytes = 0;
    }
    count++;
    bytes += size;
  }
  if (count > 0) counts.push(count);
  return counts;
}

/** ON CONFLICT on the unique index UQ_items_run_item: a row whose item id the run holds is skipped, not an error. */
const SKIP_DUPLICATES = ` ON CONFLICT ("run_key", "item_id") DO NOTHING RETURNING "item_id"`;

/** Statements built so far, by dialect, duplicate handling, columns and row count: a 500-row text is ~30 kB to rebuild. */
const insertSqlCache = new Map<string, string>();
/** Enough for the full chunk size and the odd last chunks of a few batch sizes and column sets; past it the cache starts over. */
const INSERT_SQL_CACHE_LIMIT = 128;

/** Every column of ITEM_COLUMNS: the column set of a statement that binds all of them. @internal */
export const ALL_ITEM_COLUMNS = (1 << ITEM_COLUMNS.length) - 1;

/**
 * The columns a chunk of rows needs bound, as a bit set over ITEM_COLUMNS: a column that is null in every row is left
 * out of the statement and takes its default, which for every nullable column is null. Most items carry no error,
 * tokens, cost, metadata or trace id: binding 11 columns instead of 17 makes SQLite's insert about a tenth faster.
 * Columns with a non-null default (status, scores) are never null in a row, so they are always bound. @internal
 */
export function boundColumns(rows: readonly ItemRow[], start: number, count: number): number {
  let set = 0;
  // Column by column: a column is settled by its first non-null value, so only all-null columns read every row.
  for (let c = 0; c < ITEM_COLUMNS.length; c++) {
    for (let r = start; r < start + count; r++) {
      if (rows[r]!.values[c] !== null) {
        set |= 1 << c;
        break;
      }
    }
  }
  return set;
}

/**
 * A multi-row INSERT statement for `rowCount` item rows binding the `columns` of ITEM_COLUMNS (a bit set, default all;
 * see boundColumns). With `skipDuplicates`, existing item ids are skipped. @internal
 */
export function itemInsertSql(rowCount: number, dialect: SqlDialect, skipDuplicates = false, columns = ALL_ITEM_COLUMNS): string {
  const key = `${dialect.kind}:${skipDuplicates ? 'skip' : 'all'}:${columns}:${rowCount}`;
  const cached = insertSqlCache.get(key);
  if (cached !== undefined) return cached;
  const names = ITEM_COLUMNS.filter((_, c) => (columns & (1 << c)) !== 0);
  const width = names.length;
  const tuples: string[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const params: string[] = new Array(width);
    for (let c = 0; c < width; c++) params[c] = dialect.param(r * width + c + 1);
    tuples[r] = `(${params.join(', ')})`;
  }
  const sql =
    `INSERT INTO "evaluation_items" (${names.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}` +
    (skipDuplicates ? SKIP_DUPLICATES : '');
  if (insertSqlCache.size >= INSERT_SQL_CACHE_LIMIT) insertSqlCache.clear();
  insertSqlCache.set(key, sql);
  return sql;
}
