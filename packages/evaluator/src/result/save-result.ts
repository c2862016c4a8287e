import { writeFile } from 'node:fs/promises';
import type { EvaluationResult } from './evaluation-result';
import { exportFormatOf, formatExport } from './export-files';

/** Options of EvaluationResult.save. */
export interface SaveOptions {
  /** Default: from the file extension (.json, .jsonl/.ndjson, .csv), else json. */
  format?: 'json' | 'jsonl' | 'csv';
}

/**
 * Writes a result to a file: its export document (`toJSON`, the same one `llm-eval runs export` writes for a
 * stored run) as JSON, JSONL or CSV (cells a spreadsheet would run as formulas are escaped).
 * @internal
 */
export async function saveResult(result: EvaluationResult, path: string, options: SaveOptions): Promise<void> {
  const text = formatExport(result.toJSON(), exportFormatOf(path, options.format));
  await writeFile(path, text, 'utf8');
}
