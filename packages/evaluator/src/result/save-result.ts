import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { ConfigError } from '../errors';
import type { EvaluationResult } from './evaluation-result';

/** Options of EvaluationResult.save. */
export interface SaveOptions {
  /** Default: from the file extension (.json, .jsonl, .csv), else json. */
  format?: 'json' | 'jsonl' | 'csv';
}

function formatOf(path: string, format: SaveOptions['format']): 'json' | 'jsonl' | 'csv' {
  if (format) return format;
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  return 'json';
}

/** JSONL: a `run` line with the export minus its items, then one `item` line per item in order. @internal */
export function toJsonl(result: EvaluationResult): string {
  const { results: _results, errors: _errors, llm_eval, ...run } = result.toJSON();
  const lines = [JSON.stringify({ type: 'run', ...run, llm_eval: { ...llm_eval, failures: undefined } })];
  for (const item of result.items) {
    lines.push(
      JSON.stringify({
        type: 'item',
        id: item.id,
        input: item.input,
        expected: item.expected,
        output: item.output,
        success: item.success,
        error: item.success ? undefined : `${item.errorType ?? 'Error'}: ${item.error ?? ''}`,
        error_type: item.errorType,
        error_message: item.error,
        scores: { ...item.scores, ...Object.fromEntries(Object.entries(item.metricErrors).map(([k, e]) => [k, { error: e }])) },
        reasons: Object.keys(item.reasons).length ? item.reasons : undefined,
        time: item.responseTime,
        tokens_used: item.tokensUsed,
        cost: item.cost,
        metadata: item.metadata,
        started_at: item.startedAt.toISOString(),
      }),
    );
  }
  return lines.join('\n') + '\n';
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** CSV: one row per item with a `score:<metric>` column per metric. @internal */
export function toCsv(result: EvaluationResult): string {
  const header = ['id', 'success', 'input', 'expected', 'output', 'error', 'response_time', 'tokens_used', 'cost', ...result.metricNames.map((m) => `score:${m}`)];
  const rows = result.items.map((item) => [
    item.id,
    item.success ? 'true' : 'false',
    cell(item.input),
    cell(item.expected),
    cell(item.output),
    item.success ? '' : `${item.errorType ?? 'Error'}: ${item.error ?? ''}`,
    String(item.responseTime),
    cell(item.tokensUsed),
    cell(item.cost),
    ...result.metricNames.map((m) => (item.metricErrors[m] !== undefined ? `error: ${item.metricErrors[m]}` : cell(item.scores[m]))),
  ]);
  return stringify([header, ...rows]);
}

/** Writes a result to a file. @internal */
export async function saveResult(result: EvaluationResult, path: string, options: SaveOptions): Promise<void> {
  const format = formatOf(path, options.format);
  let text: string;
  if (format === 'json') text = JSON.stringify(result.toJSON(), null, 2) + '\n';
  else if (format === 'jsonl') text = toJsonl(result);
  else if (format === 'csv') text = toCsv(result);
  else throw new ConfigError(`Unknown export format "${String(format)}"; use json, jsonl or csv.`);
  await writeFile(path, text, 'utf8');
}
