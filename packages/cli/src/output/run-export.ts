import type { ExportFormat } from '@llm-eval/evaluator';
import type { ItemRecord, RunWithMetrics } from '@llm-eval/storage';
import { evaluator } from '../libraries';

/** The formats `runs export` writes: the same files EvaluationResult.save writes. */
export const EXPORT_FORMATS = ['json', 'jsonl', 'csv'] as const satisfies readonly ExportFormat[];
export type { ExportFormat };

/**
 * The file text of a stored run in a format. The document comes from the evaluator's one export builder, so a
 * stored run exports exactly as its in-memory result saves (and CSV cells that look like formulas are escaped).
 */
export function formatRunExport(format: ExportFormat, run: RunWithMetrics, items: readonly ItemRecord[]): string {
  const { storedRunToExport, formatExport } = evaluator();
  return formatExport(storedRunToExport(run, items), format);
}
