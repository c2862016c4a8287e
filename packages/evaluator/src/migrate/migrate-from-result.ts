import { readFile, stat } from 'node:fs/promises';
import type { AuditContext, Database } from '@llm-eval/storage';
import { DatasetError } from '../errors';
import { EvaluationResult } from '../result/evaluation-result';
import type { EvaluationExport, ExportedFailure } from '../result/export-format';
import { describeJsonSyntaxError } from './json-syntax-error';
import { readLines } from './export-lines';
import { parseJsonPieces, PIECE_BYTES } from './json-export-pieces';
import { exportItemIds } from './item-order';
import { normalizeExport } from './normalize-export';
import { quoteValue } from './safe-excerpt';
import { findDuplicateKey, repeatedKeyMessage } from './duplicate-keys';
import { checkJsonItemCount, checkJsonlItemCount } from './item-count';
import { setOwnKey } from './own-key';
import { parsePythonNonFinite } from './python-non-finite';
import { refuseUnstorableValues } from './unstorable-value';
import { collectLossyNumbers, lossyNumberWarning, type LossyNumber } from './lossy-numbers';
import { parseWarningsOf, setParseWarnings } from './parse-warnings';
import { statisticsToStore, statisticsWarning } from './stated-statistics';
import { IMPORTED_STATISTICS_CONFIG_KEY, statedStatisticsOf } from '../result/imported-statistics';
import { withImportBookkeeping } from '../result/import-bookkeeping';

/** Where and how to store an imported run. */
export interface MigrateOptions {
  /** Overrides the project the export names (llm_eval.project_id). */
  projectId?: string;
  /** Overrides the creator the export names (llm_eval.created_by). */
  createdBy?: string;
  /** Replaces the tags the export names (llm_eval.tags). */
  tags?: string[];
  /**
   * An open database to store into (e.g. a server's); it stays open. Without it, the import opens `databaseUrl` and
   * closes it when done.
   */
  database?: Database;
  /** Database URL; default `LLM_EVAL_DATABASE_URL`, else the SQLite default. Ignored with `database`. */
  databaseUrl?: string;
  /** What the user typed to give databaseUrl (e.g. `--database-url`), named when it is malformed. */
  databaseUrlSource?: string;
  /**
   * Import even when the database already holds this export (same data, or the run it was exported from);
   * without it such an import throws DuplicateImportError and stores nothing.
   */
  allowDuplicate?: boolean;
  /** Only runs of these projects count as duplicates (a caller scoped to them); default: every run. */
  duplicateProjectIds?: readonly string[];
  /** Who imports it: storage writes the `run.imported` audit entry in the import's own transaction. */
  audit?: AuditContext;
  /**
   * Told of each value the export has that is stored as unknown (e.g. a negative "time" or a fractional
   * "tokens_used"), one message per field, and of numbers an export read by parseExportText or readExportFile holds
   * that are stored otherwise than written (1e-400 as 0), before the run is stored; after it is stored, of the export's
   * statistics (success_rate, metric_stats) that disagree with those of its items, which are stored. Default: a process warning
   * (`LlmEvalWarning`).
   */
  onWarning?: (message: string) => void;
}

/**
 * Reads an export file: the JSON export format, or llm-eval's JSONL (a run line, then item lines). Checks that
 * `llm_eval.item_order` only reorders the items. Errors name the file and never quote more of it than a short,
 * escaped excerpt around the problem.
 */
export async function readExportFile(path: string): Promise<EvaluationExport> {
  const jsonl = path.toLowerCase().endsWith('.jsonl') || path.toLowerCase().endsWith('.ndjson');
  if (jsonl) {
    // Line by line: an export of a run holding more than about 512 MB of text is more than one string can hold.
    let lines: string[];
    try {
      lines = await readLines(path);
    } catch (cause) {
      throw new DatasetError(`cannot read the export: ${(cause as Error).message}`, path, undefined, { cause });
    }
    const lossy: LossyNumber[] = [];
    return checkedExport(fromJsonl(lines, path, lossy), 'jsonl', path, lossy);
  }
  const size = await stat(path).then((s) => s.size).catch(() => 0);
  if (size > WHOLE_JSON_BYTES) return readLargeJsonExport(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    // Node.js says ERR_STRING_TOO_LONG, or a RangeError "Invalid string length", past V8's longest string (~512 MB).
    const tooLong = (cause as { code?: unknown })?.code === 'ERR_STRING_TOO_LONG' || (cause instanceof RangeError && /string length/i.test(cause.message));
    const advice = tooLong ? ' (a JSON export this large cannot be read as one text: export the run as JSON Lines, with -o run.jsonl, and import that)' : '';
    throw new DatasetError(`cannot read the export: ${(cause as Error).message}${advice}`, path, undefined, { cause });
  }
  return parseExportText(text, { format: 'json', name: path });
}

/**
 * The longest JSON export read as one text (bytes, so at most as many characters): four times a piece of
 * parseJsonPieces, well below V8's longest string (about 512 M characters).
 */
const WHOLE_JSON_BYTES = 4 * PIECE_BYTES;

/**
 * A JSON export too long to be one text (a large run's export, or the fallback file of one whose storage failed):
 * read as bytes and parsed a piece at a time, each item of `results` alone, with the checks of the whole text.
 */
async function readLargeJsonExport(path: string): Promise<EvaluationExport> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new DatasetError(`cannot read the export: ${(cause as Error).message}`, path, undefined, { cause });
  }
  return parseJsonExportBytes(bytes, path);
}

/** A JSON export's bytes parsed piece by piece (parseJsonPieces), with every check parseExportText makes. @internal */
export function parseJsonExportBytes(bytes: Buffer, name: string, pieceBytes = PIECE_BYTES): EvaluationExport {
  // What checkedExport says of a whole text that is JSON but not an object: a list (a dataset), or a lone value.
  const first = /[^\s\uFEFF]/.exec(bytes.toString('utf8', 0, 64))?.[0];
  if (first === '[') throw new DatasetError(LOOKS_LIKE_LIST, name);
  if (first !== undefined && /["\-0-9tfn]/.test(first)) throw new DatasetError('not an LLM-Eval export: it has no "results" object', name);
  const lossy: LossyNumber[] = [];
  const data = parseJsonPieces(bytes, name, (text) => parseJson(text, name, lossy), pieceBytes) as EvaluationExport;
  return checkedExport(data, 'json', name, lossy);
}

/**
 * Parses the text of an export (what readExportFile reads from a file, e.g. an uploaded body): `json` for the JSON
 * export format (llm-eval's or the Python LLM-Eval's), `jsonl` for llm-eval's JSONL. Errors are DatasetErrors that
 * name `name` (default "the export") and quote at most a short escaped excerpt.
 */
export function parseExportText(text: string, options: { format: 'json' | 'jsonl'; name?: string }): EvaluationExport {
  const name = options.name ?? 'the export';
  // A byte-order mark (editors on Windows save one) is not part of the JSON: datasets skip it, and so do exports.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lossy: LossyNumber[] = [];
  const data = options.format === 'jsonl' ? fromJsonl(body.split('\n'), name, lossy) : parseJson(body, name, lossy);
  return checkedExport(data, options.format, name, lossy);
}

/** What every export is checked for once parsed: that it is an export (not a dataset), its item ids and count. */
function checkedExport(data: EvaluationExport, format: 'json' | 'jsonl', name: string, lossy: LossyNumber[]): EvaluationExport {
  if (Array.isArray(data) || (data && Array.isArray((data as { items?: unknown }).items) && !('results' in data))) {
    throw new DatasetError(LOOKS_LIKE_LIST, name);
  }
  if (typeof data !== 'object' || data === null || typeof data.results !== 'object' || data.results === null) {
    throw new DatasetError('not an LLM-Eval export: it has no "results" object', name);
  }
  exportItemIds(data, name);
  if (format === 'json') checkJsonItemCount(data, name);
  const warning = lossyNumberWarning(lossy);
  setParseWarnings(data, warning ? [warning] : []);
  return data;
}

/** What can be imported, for the errors of files that are something else. */
const IMPORTABLE = 'only runs exported with llm-eval runs export (or result.save()) and Python LLM-Eval results can be imported';
const LOOKS_LIKE_LIST = `this looks like a dataset (a list of items), not an LLM-Eval export (which has a "results" object); ${IMPORTABLE}`;
const LOOKS_LIKE_DATASET = `this looks like a dataset, not an llm-eval export (no "type" field; an export's lines are "run" and "item" lines); ${IMPORTABLE}`;

function parseJson(fileText: string, path: string, lossy: LossyNumber[], line?: number): EvaluationExport {
  let value: EvaluationExport;
  let text = fileText;
  try {
    value = JSON.parse(text) as EvaluationExport;
  } catch {
    // Python's NaN/Infinity: read where the import can take them (statistics, scores), else refused saying so.
    const python = parsePythonNonFinite(fileText, path, line);
    // JSON.parse's own message quotes the file around the error; ours shows a short escaped excerpt only.
    if (python?.value === undefined) throw new DatasetError(`malformed JSON at ${describeJsonSyntaxError(python?.text ?? fileText, fileText)}`, path, line);
    value = python.value as EvaluationExport;
    text = python.text;
  }
  // JSON.parse keeps the last of a key given twice without a word: an import would silently drop the other value.
  const repeated = findDuplicateKey(text, '');
  if (repeated) {
    const key = repeated.slice(1).join('.');
    throw new DatasetError(repeatedKeyMessage(key), path, line);
  }
  // JSON.parse reads 1e400 as Infinity (stored as null) and any nesting (storage keeps 500 levels; deeper overflowed
  // the stack further on): refused here, naming the item and field, as the API refuses them.
  refuseUnstorableValues({ text, value, file: path, line });
  // 1e-400 reads as 0, 12345678901234567891 as 12345678901234567000: stored as read, and said (a warning of the import).
  collectLossyNumbers({ text, value, file: path, line }, lossy);
  return value;
}

function fromJsonl(lines: readonly string[], path: string, lossy: LossyNumber[]): EvaluationExport {
  let run: (EvaluationExport & { type?: string }) | undefined;
  let runLine = 0;
  const results: EvaluationExport['results'] = {};
  const errors: EvaluationExport['errors'] = {};
  const failures: Record<string, ExportedFailure> = {};
  const order: string[] = [];
  const lineOf = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const row = parseJson(line, path, lossy, i + 1) as unknown as Record<string, any>;
    if (row?.type === 'run') {
      run = row as unknown as EvaluationExport;
      runLine = i + 1;
      return;
    }
    const type: unknown = row?.type;
    if (type !== 'item') {
      // A dataset line ({ input, expected }) is the likeliest file to be here by mistake: say so, not "type undefined".
      if (type === undefined && row !== null && typeof row === 'object' && !Array.isArray(row)) throw new DatasetError(LOOKS_LIKE_DATASET, path, i + 1);
      throw new DatasetError(`unknown line type ${quoteValue(type)} (expected "run" or "item")`, path, i + 1);
    }
    const id = row.id;
    if (typeof id !== 'string') throw new DatasetError('an item line needs a string "id"', path, i + 1);
    if (lineOf.has(id)) throw new DatasetError(`item ${quoteValue(id)} appears twice (lines ${lineOf.get(id)} and ${i + 1})`, path, i + 1);
    lineOf.set(id, i + 1);
    order.push(id);
    // A line with "success": false and no error at all is a result that failed without one (see exportItem): it goes
    // back into results as it came, not into errors with a made-up "Error: ".
    const failedWithoutError = row.success === false && !Object.hasOwn(row, 'error') && !Object.hasOwn(row, 'error_type') && !Object.hasOwn(row, 'error_message');
    if (row.success || failedWithoutError) {
      setOwnKey(results, id, {
        output: row.output, scores: row.scores ?? {}, success: !failedWithoutError, time: row.time, input: row.input, expected: row.expected, metadata: row.metadata, tokens_used: row.tokens_used, cost: row.cost,
        reasons: row.reasons, started_at: row.started_at, attempts: row.attempts, completed_at: row.completed_at, sequence_number: row.sequence_number, trace_id: row.trace_id,
        error_type: row.error_type, error_message: row.error_message,
      });
    } else {
      setOwnKey(errors, id, row.error ?? `${row.error_type ?? 'Error'}: ${row.error_message ?? ''}`);
      const failure: ExportedFailure = {
        input: row.input, expected: row.expected, metadata: row.metadata, time: row.time, started_at: row.started_at, status: row.status, output: row.output, scores: row.scores,
        reasons: row.reasons, attempts: row.attempts, tokens_used: row.tokens_used, cost: row.cost, completed_at: row.completed_at, sequence_number: row.sequence_number, trace_id: row.trace_id,
      };
      if (Object.hasOwn(row, 'error_type')) failure.error_type = row.error_type;
      if (Object.hasOwn(row, 'error_message')) failure.error_message = row.error_message;
      setOwnKey(failures, id, failure);
    }
  });
  if (!run) throw new DatasetError('no "run" line found; is this an llm-eval JSONL export?', path);
  checkJsonlItemCount(run, order.length, path, runLine);
  const base = run.llm_eval ?? { format: 'llm-eval.export' as const, version: 1 as const, status: 'completed' as const, item_order: [], failures: {} };
  // The item lines are the data: their order is the run's order.
  return { ...run, results, errors, llm_eval: { ...base, item_order: order, failures } };
}

/**
 * Stores an EvaluationResult, or a parsed export (including the Python LLM-Eval's), as a run with all its items
 * and metric statistics in one transaction, with the project, tags and creator the export names unless the
 * options override them. Refuses (DuplicateImportError) an export this database already holds unless
 * `allowDuplicate`. Returns the new run's id.
 */
export async function migrateFromEvaluationResult(source: EvaluationResult | EvaluationExport, options: MigrateOptions = {}): Promise<string> {
  const data = source instanceof EvaluationResult ? source.toJSON() : source;
  const normalized = normalizeExport(data);
  const { run, items, origin } = normalized;
  const warnings = [...(source instanceof EvaluationResult ? [] : parseWarningsOf(source)), ...normalized.warnings];
  const warn = (warning: string) => (options.onWarning ? options.onWarning(warning) : process.emitWarning(warning, 'LlmEvalWarning'));
  warnings.forEach(warn);
  const storage = await import('@llm-eval/storage');
  // The file's statistics its export would not give back as written: kept with the run (see imported-statistics).
  const stated = statedStatisticsOf(data);
  const kept = statisticsToStore(stated, items, run.metricsUsed ?? [], storage.RunStatsAccumulator);
  run.config = withImportBookkeeping(run.config, IMPORTED_STATISTICS_CONFIG_KEY, kept);
  let db = options.database;
  if (!db) db = await storage.initializeDatabase({ url: options.databaseUrl, urlSource: options.databaseUrlSource });
  try {
    const stored = await db.runs.importRun(
      {
        ...run,
        projectId: options.projectId ?? run.projectId ?? null,
        createdBy: options.createdBy ?? run.createdBy ?? null,
        tags: options.tags ?? run.tags ?? [],
      },
      items,
      { origin, allowDuplicate: options.allowDuplicate ?? false, duplicateProjectIds: options.duplicateProjectIds },
      options.audit,
    );
    // Known once the statistics are computed from the stored items: said after the run is stored.
    const statistics = statisticsWarning(stated, stored, normalized.successRateWarned);
    if (statistics) warn(statistics);
    return stored.id;
  } finally {
    if (!options.database) await db.close();
  }
}
