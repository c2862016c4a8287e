import { DatasetError } from '../errors';
import type { EvaluationExport } from '../result/export-format';

/**
 * The item count an export states (`total_items`), when it states one: llm-eval writes the number of items the file
 * holds, and Python LLM-Eval's exports hold as many results and errors as it says. Not a whole number: none stated.
 */
function statedTotal(data: { total_items?: unknown }): number | undefined {
  const total = data.total_items;
  return typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : undefined;
}

/** What an import would store when the items are fewer, or more, than stated. */
function mismatch(found: number, stated: number, cut: string): string {
  return found < stated ? `${cut}, and importing it would store a run of ${found} items` : 'items were added to it';
}

/**
 * Refuses an llm-eval JSONL export whose item lines are not as many as its run line's total_items: JSONL has no end
 * marker, so a copy cut at a line boundary (a partial copy, an interrupted download) would import as a smaller run.
 * @internal
 */
export function checkJsonlItemCount(run: { total_items?: unknown }, itemLines: number, file: string, runLine: number): void {
  const stated = statedTotal(run);
  if (stated === undefined || stated === itemLines) return;
  const what = mismatch(itemLines, stated, 'it is incomplete (cut short, as a partial copy or an interrupted download is)');
  throw new DatasetError(
    `the run line says total_items ${stated}, but the file has ${itemLines} item lines: ${what}. Export the run again ` +
      `(llm-eval runs export <run> -o run.jsonl); or, to import ${itemLines < stated ? 'only ' : ''}these items, set total_items to ${itemLines} in the run line`,
    file,
    runLine,
  );
}

/** How many items a JSON export holds, and where: `5 items (4 in "results", 1 in "errors")`. */
function countOf(data: EvaluationExport): { found: number; text: string } {
  const results = Object.keys(data.results).length;
  const errors = typeof data.errors === 'object' && data.errors !== null ? Object.keys(data.errors).length : 0;
  return { found: results + errors, text: `${results + errors} items (${results} in "results", ${errors} in "errors")` };
}

/**
 * Refuses an llm-eval JSON export (one with its `llm_eval` block) whose items are not as many as its total_items:
 * llm-eval writes them equal, so the file was edited or is incomplete. A Python export is only warned of
 * (itemCountWarning): the importer takes its data as it is.
 * @internal
 */
export function checkJsonItemCount(data: EvaluationExport, file: string): void {
  const stated = statedTotal(data);
  if (!data.llm_eval || stated === undefined) return;
  const { found, text } = countOf(data);
  if (found === stated) return;
  throw new DatasetError(
    `"total_items" is ${stated}, but the export has ${text}: ${mismatch(found, stated, 'items were removed from it')}. Export the run ` +
      `again (llm-eval runs export <run> -o run.json); or, to import ${found < stated ? 'only ' : ''}these items, set "total_items" to ${found}`,
    file,
  );
}

/** The warning of a Python export whose items are not as many as its total_items says; undefined when they are. @internal */
export function itemCountWarning(data: EvaluationExport): string | undefined {
  const stated = statedTotal(data);
  if (data.llm_eval || stated === undefined) return undefined;
  const { found, text } = countOf(data);
  if (found === stated) return undefined;
  return `"total_items" is ${stated}, but the export has ${text}: it is imported as a run of ${found} items; if items are missing, import the complete file instead`;
}
