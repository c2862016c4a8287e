import { readFile } from 'node:fs/promises';
import { DatasetError } from '../errors';
import { EvaluationResult } from '../result/evaluation-result';
import type { EvaluationExport } from '../result/export-format';
import { normalizeExport } from './normalize-export';

/** Where and how to store an imported run. */
export interface MigrateOptions {
  projectId?: string;
  createdBy?: string;
  tags?: string[];
  /** Database URL; default `LLM_EVAL_DATABASE_URL`, else the SQLite default. */
  databaseUrl?: string;
}

/** Reads an export file: the JSON export format, or llm-eval's JSONL (a run line, then item lines). */
export async function readExportFile(path: string): Promise<EvaluationExport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new DatasetError(`cannot read the export: ${(cause as Error).message}`, path, undefined, { cause });
  }
  if (path.toLowerCase().endsWith('.jsonl')) return fromJsonl(text, path);
  try {
    return JSON.parse(text) as EvaluationExport;
  } catch (cause) {
    throw new DatasetError(`malformed JSON: ${(cause as Error).message}`, path, undefined, { cause });
  }
}

function fromJsonl(text: string, path: string): EvaluationExport {
  let run: (EvaluationExport & { type?: string }) | undefined;
  const results: EvaluationExport['results'] = {};
  const errors: EvaluationExport['errors'] = {};
  const failures: Record<string, NonNullable<EvaluationExport['llm_eval']>['failures'][string]> = {};
  const order: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: Record<string, any>;
    try {
      row = JSON.parse(line);
    } catch (cause) {
      throw new DatasetError(`malformed JSON: ${(cause as Error).message}`, path, i + 1, { cause });
    }
    if (row.type === 'run') run = row as EvaluationExport;
    else if (row.type === 'item') {
      order.push(row.id);
      if (row.success) {
        results[row.id] = { output: row.output, scores: row.scores ?? {}, success: true, time: row.time, input: row.input, expected: row.expected, metadata: row.metadata, tokens_used: row.tokens_used, cost: row.cost, reasons: row.reasons, started_at: row.started_at };
      } else {
        errors[row.id] = row.error ?? `${row.error_type ?? 'Error'}: ${row.error_message ?? ''}`;
        failures[row.id] = { input: row.input, expected: row.expected, metadata: row.metadata, error_type: row.error_type, error_message: row.error_message, time: row.time, started_at: row.started_at };
      }
    } else throw new DatasetError(`unknown line type "${String(row.type)}" (expected "run" or "item")`, path, i + 1);
  });
  if (!run) throw new DatasetError('no "run" line found; is this an llm-eval JSONL export?', path);
  const base = run.llm_eval ?? { format: 'llm-eval.export' as const, version: 1 as const, status: 'completed' as const, item_order: [], failures: {} };
  return { ...run, results, errors, llm_eval: { ...base, item_order: order, failures } };
}

/**
 * Stores an EvaluationResult, or a parsed export (including the Python LLM-Eval's), as a run with all its items
 * and metric statistics in one transaction. Returns the new run's id.
 */
export async function migrateFromEvaluationResult(source: EvaluationResult | EvaluationExport, options: MigrateOptions = {}): Promise<string> {
  const data = source instanceof EvaluationResult ? source.toJSON() : source;
  const { run, items } = normalizeExport(data);
  const { initializeDatabase } = await import('@llm-eval/storage');
  const db = await initializeDatabase({ url: options.databaseUrl });
  try {
    const stored = await db.runs.importRun(
      { ...run, projectId: options.projectId ?? null, createdBy: options.createdBy ?? null, tags: options.tags ?? [] },
      items,
    );
    return stored.id;
  } finally {
    await db.close();
  }
}
