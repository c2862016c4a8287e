import { ConfigError } from '../errors';
import type { EvaluationExport, ExportedFailure, ExportedResult } from './export-format';
import { toCsvText } from './csv-cell';
import { documentFloatsMarked, headFloatsMarked, itemFloatsMarked, writeFloats } from './python-floats';

/** The file formats of an export. */
export const EXPORT_FORMATS = ['json', 'jsonl', 'csv'] as const;
/** One of EXPORT_FORMATS. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An explicit format wins, else the file's extension (.jsonl/.ndjson, .csv), else JSON. @internal */
export function exportFormatOf(path: string | undefined, format?: string): ExportFormat {
  if (format !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new ConfigError(`Unknown export format "${format}"; use json, jsonl or csv.`);
    return format as ExportFormat;
  }
  const lower = path?.toLowerCase() ?? '';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  return 'json';
}

/** One item of an export as the JSONL and CSV writers read it: its result, or its failure and error line. */
export interface ExportRow {
  id: string;
  ok?: ExportedResult;
  failed?: ExportedFailure;
  error?: string;
}

/** The items of an export in run order, successful or failed. */
function orderedItems(doc: EvaluationExport): ExportRow[] {
  const order = doc.llm_eval?.item_order ?? [...Object.keys(doc.results), ...Object.keys(doc.errors)];
  const own = <T>(record: Record<string, T> | undefined, id: string) => (record && Object.hasOwn(record, id) ? record[id] : undefined);
  return order.map((id) => ({ id, ok: own(doc.results, id), failed: own(doc.llm_eval?.failures, id), error: own(doc.errors, id) }));
}

/** JSONL: a `run` line (the export minus its items), then one `item` line per item, in run order. @internal */
export function exportToJsonl(doc: EvaluationExport): string {
  const { results: _results, errors: _errors, llm_eval, ...head } = doc;
  const run = llm_eval ? { ...llm_eval, item_order: undefined, failures: undefined } : undefined;
  return exportJsonlRunLine(head, run) + orderedItems(doc).map(exportJsonlItemLine).join('');
}

/** JSONL's first line (with its line end): the export's fields before the items and llm_eval's run fields. */
export function exportJsonlRunLine(head: Omit<EvaluationExport, 'results' | 'errors' | 'llm_eval'>, runBlock: object | undefined): string {
  return `${writeFloats(JSON.stringify({ type: 'run', ...headFloatsMarked(head), llm_eval: runBlock }))}\n`;
}

/** One JSONL `item` line, with its line end. */
export function exportJsonlItemLine({ id, ok, failed, error }: ExportRow): string {
  const item = ok
    ? { id, input: ok.input, expected: ok.expected, output: ok.output, success: ok.success, scores: ok.scores, reasons: ok.reasons, time: ok.time, tokens_used: ok.tokens_used, cost: ok.cost, metadata: ok.metadata, started_at: ok.started_at, attempts: ok.attempts, completed_at: ok.completed_at, sequence_number: ok.sequence_number, trace_id: ok.trace_id, error_type: ok.error_type, error_message: ok.error_message }
    : {
        id, input: failed?.input, expected: failed?.expected, success: false, error, error_type: failed?.error_type, error_message: failed?.error_message, time: failed?.time, metadata: failed?.metadata, started_at: failed?.started_at, status: failed?.status,
        output: failed?.output, scores: failed?.scores, reasons: failed?.reasons, attempts: failed?.attempts, tokens_used: failed?.tokens_used, cost: failed?.cost, completed_at: failed?.completed_at, sequence_number: failed?.sequence_number, trace_id: failed?.trace_id,
      };
  return `${writeFloats(JSON.stringify({ type: 'item', ...itemFloatsMarked(item) }))}\n`;
}

/** CSV: one row per item, `id, success, input, expected, output, error, response_time, tokens_used, cost, score:<metric>…`. @internal */
export function exportToCsv(doc: EvaluationExport): string {
  return exportCsvHeader(doc.metrics) + orderedItems(doc).map((row) => exportCsvRow(row, doc.metrics)).join('');
}

/** The CSV header line (with its line end) for an export of these metrics. */
export function exportCsvHeader(metrics: readonly string[]): string {
  return toCsvText([['id', 'success', 'input', 'expected', 'output', 'error', 'response_time', 'tokens_used', 'cost', ...metrics.map((m) => `score:${m}`)]]);
}

/**
 * One item's CSV line (with its line end); formula-like text cells are escaped. A failed item's output, tokens, cost and
 * scores are written as the JSON and JSONL exports keep them (a task that failed after answering, a judge that failed
 * the item): they were left blank, and the CSV's tokens no longer added up to the run's.
 */
export function exportCsvRow({ id, ok, failed, error }: ExportRow, metrics: readonly string[]): string {
  const item = ok ?? failed;
  return toCsvText([
    [
      id,
      String(ok?.success ?? false),
      item?.input,
      item?.expected,
      item?.output,
      ok ? '' : error,
      item?.time,
      item?.tokens_used,
      item?.cost,
      ...metrics.map((m) => {
        const score = item?.scores?.[m];
        return score !== null && typeof score === 'object' ? `error: ${score.error}` : score;
      }),
    ],
  ]);
}

/** The file text of an export document in a format: JSON (pretty), JSONL or CSV. */
export function formatExport(doc: EvaluationExport, format: ExportFormat): string {
  if (format === 'jsonl') return exportToJsonl(doc);
  if (format === 'csv') return exportToCsv(doc);
  return `${writeFloats(JSON.stringify(documentFloatsMarked(doc), null, 2))}\n`;
}
