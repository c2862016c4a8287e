import { writeFileSync } from 'node:fs';
import type { EvaluationResult, ItemSpill } from '@llm-eval/evaluator';
import { reserveFallbackFile } from './fallback-file';
import { evaluator } from './libraries';
import { shortId } from './output/format';
import { onSameDatabase } from './same-database';
import { shellQuote } from './storage-failure';
import { thrownText } from './thrown-text';

/**
 * For a process that is ending now, in the middle of a run (a `process.exit()` in task code runs only synchronous
 * 'exit' listeners): writes the run's finished items, synchronously, to the fallback file a storage failure writes
 * (`./llm-eval-unsaved-<run>.json`, the export format `llm-eval db migrate` imports), unless the database already
 * holds them all. Returns what became of the run and its items, for the line that reports the exit; undefined when
 * nothing finished or everything finished is stored (the run then only needs `runs recover`).
 */
export function saveFinishedItemsNow(partial: EvaluationResult | undefined, spill: ItemSpill | undefined, cwd = process.cwd()): string | undefined {
  if (!partial || partial.totalItems === 0) return undefined;
  const total = partial.totalItems;
  const stored = partial.storedItems ?? 0;
  const runId = partial.runId;
  if (runId && stored >= total) return undefined;
  const count = `${total.toLocaleString('en-US')} finished items`;
  const left = runId ? `run ${runId} was left unfinished with ${stored.toLocaleString('en-US')} of its ${count} stored` : `the run was not stored`;
  let file: string;
  try {
    file = reserveFallbackFile(cwd, runId ?? partial.startTime.toISOString().replace(/[:.]/g, '-'));
    if (partial.itemsKept) writeFileSync(file, evaluator().formatExport(partial.toJSON(), 'json'), { mode: 0o600 });
    else if (spill) spill.saveAsSync(partial, file);
    else throw new Error('the items were kept neither in memory nor on disk');
  } catch (error) {
    const settle = runId ? `; settle the run with ${onSameDatabase(`runs recover ${shortId(runId)}`)}` : '';
    return `${left}; saving the ${count} to a file failed too (${thrownText(error)})${settle}`;
  }
  const migrate = onSameDatabase(`db migrate ${shellQuote(file)}`);
  return runId
    ? `${left}; all ${total.toLocaleString('en-US')} are in ${file}: import them with ${migrate}, then delete the partial run: ${onSameDatabase(`runs delete ${shortId(runId)}`)}`
    : `${left}; its ${count} are in ${file}: import them with ${migrate}`;
}
