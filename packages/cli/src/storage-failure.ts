import type { EvaluationResult, ItemSpill } from '@llm-eval/evaluator';
import { reserveFallbackFile } from './fallback-file';
import { onSameDatabase } from './same-database';

/** What reached the database of a run whose storage failed, and where the complete result went instead. */
export interface StorageFailure {
  /** Why storing failed (the database's own message, password-free; names the items it refused). */
  reason: string;
  /** The run's id, when its row was created. */
  runId: string | null;
  /** Items of the run the database holds (counted by the evaluator as it wrote them; 0 once the run was deleted). */
  storedItems: number;
  totalItems: number;
  /** Ids of the items the database refused (every other item it was given is stored). */
  notStoredItems: string[];
  /** The run's row was deleted while it ran (`runs delete --force`): nothing of it is stored, and importing creates it again. */
  runDeleted: boolean;
  /** The file holding the complete result in the export format, or null when it could not be written. */
  fallbackFile: string | null;
  fallbackError: string | null;
}

/** The underlying database message of a storage error, without the evaluator's advice to library users. */
export function storageErrorReason(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}

/** True when storing failed because the run's row is gone (RunNotFoundError somewhere in the error's causes). */
export function isRunDeleted(error: Error | undefined): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e.name === 'RunNotFoundError') return true;
  }
  return false;
}

/**
 * Stops the evaluator's LlmEvalStorageWarning process warnings: the CLI reports a storage failure itself (a progress
 * line, then what was stored and where the complete result went), in words that fit a command line.
 */
export function silenceStorageWarnings(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: unknown } | undefined)?.type;
    if (type !== 'LlmEvalStorageWarning') emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

/**
 * After a storage failure: says what reached the database (the result counts what was written, so the database,
 * which may be what failed, is not opened again), and writes the complete result, in the export format that
 * `llm-eval db migrate` imports, to a new file in the current directory: from the result's items, or from `spill`
 * for a run that kept none in memory.
 */
export async function handleStorageFailure(result: EvaluationResult, options: { spill?: ItemSpill; cwd?: string } = {}): Promise<StorageFailure> {
  const cwd = options.cwd ?? process.cwd();
  const runId = result.runId ?? null;
  const notStored = (result.storageError as { notStored?: Array<{ itemId: string }> } | undefined)?.notStored ?? [];
  let fallbackFile: string | null = null;
  let fallbackError: string | null = null;
  try {
    fallbackFile = reserveFallbackFile(cwd, runId ?? result.startTime.toISOString().replace(/[:.]/g, '-'));
    // A run that kept its items saves them; one that kept none has them in its spill (the same document).
    if (result.itemsKept || !options.spill) await result.save(fallbackFile, { format: 'json' });
    else await options.spill.saveAs(result, fallbackFile);
  } catch (error) {
    fallbackError = (error as Error).message;
  }
  const runDeleted = runId !== null && isRunDeleted(result.storageError);
  return {
    reason: storageErrorReason(result.storageError!),
    runId,
    storedItems: runId && !runDeleted ? (result.storedItems ?? 0) : 0,
    totalItems: result.totalItems,
    notStoredItems: notStored.map((item) => item.itemId),
    runDeleted,
    fallbackFile,
    fallbackError,
  };
}

/** A path as one shell word, quoted only when it must be. */
export const shellQuote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** The plain-words report of a storage failure: what was stored, what was not, and how to import the rest. */
export function describeStorageFailure(failure: StorageFailure): string[] {
  const total = failure.totalItems.toLocaleString('en-US');
  if (failure.runDeleted) return describeDeletedRun(failure, total);
  const lines = [`storing the run failed: ${failure.reason}`];
  if (!failure.runId) lines.push(`Nothing was stored: the run could not be created in the database (0 of ${total} items).`);
  else lines.push(`Stored ${failure.storedItems.toLocaleString('en-US')} of ${total} items of run ${failure.runId}.`);
  if (failure.fallbackFile) {
    lines.push(`The complete result (${total} items) is in ${failure.fallbackFile}. Import it once the database works again:`);
    lines.push(`  ${onSameDatabase(`db migrate ${shellQuote(failure.fallbackFile)}`)}`);
    // The import is a new run: the partial one stays until deleted, under the same name.
    if (failure.runId) lines.push(`Then delete the partial run: ${onSameDatabase(`runs delete ${failure.runId.slice(0, 8)}`)}`);
  } else {
    lines.push(`Writing the complete result to a file failed too (${failure.fallbackError}); rerun with --output result.json.`);
  }
  return lines;
}

/**
 * A run deleted while it ran (`runs delete --force` from another process): there is no partial run to delete, and
 * the database works, so the file can be imported right away; the import creates the run again (a new id).
 */
function describeDeletedRun(failure: StorageFailure, total: string): string[] {
  const lines = [`storing the run failed: run ${failure.runId} was deleted from the database while it ran (llm-eval runs delete --force?); none of its items are stored.`];
  if (failure.fallbackFile) {
    lines.push(`The result of the ${total} items evaluated before it stopped is in ${failure.fallbackFile}. Importing it creates the run again:`);
    lines.push(`  ${onSameDatabase(`db migrate ${shellQuote(failure.fallbackFile)}`)}`);
  } else {
    lines.push(`Writing the complete result to a file failed too (${failure.fallbackError}); rerun with --output result.json.`);
  }
  return lines;
}
