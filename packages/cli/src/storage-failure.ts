import type { EvaluationResult } from '@llm-eval/evaluator';
import { databaseOptions } from './database';
import { reserveFallbackFile } from './fallback-file';
import type { GlobalOptions } from './global-options';
import { storage } from './libraries';

/** What reached the database of a run whose storage failed, and where the complete result went instead. */
export interface StorageFailure {
  /** Why storing failed (the database's own message, password-free). */
  reason: string;
  /** The run's id, when its row was created. */
  runId: string | null;
  /** Items of the run found in the database; null when nothing could be checked. */
  storedItems: number | null;
  totalItems: number;
  /** The status the run row shows now; null when there is no row or it could not be read. */
  runStatus: string | null;
  /** Why storedItems is unknown. */
  checkError: string | null;
  /** The file holding the complete result in the export format, or null when it could not be written. */
  fallbackFile: string | null;
  fallbackError: string | null;
}

/** The underlying database message of a storage error, without the evaluator's advice to library users. */
export function storageErrorReason(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
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

/** Counts the run's stored items and reads its status, without creating or migrating anything. */
async function checkStored(runId: string, options: GlobalOptions): Promise<Pick<StorageFailure, 'storedItems' | 'runStatus' | 'checkError'>> {
  try {
    const db = await storage().initializeDatabase({ ...databaseOptions(options), migrate: false });
    try {
      const run = await db.runs.getRun(runId);
      if (!run) return { storedItems: 0, runStatus: null, checkError: null };
      const { total } = await db.runs.listItems(runId, { limit: 1 });
      return { storedItems: total, runStatus: run.status, checkError: null };
    } finally {
      await db.close();
    }
  } catch (error) {
    return { storedItems: null, runStatus: null, checkError: (error as Error).message };
  }
}

/**
 * After a storage failure: checks what reached the database, and writes the complete result, in the export format
 * that `llm-eval db migrate` imports, to a new file in the current directory.
 */
export async function handleStorageFailure(result: EvaluationResult, options: GlobalOptions, cwd = process.cwd()): Promise<StorageFailure> {
  const runId = result.runId ?? null;
  const checked = runId ? await checkStored(runId, options) : { storedItems: 0, runStatus: null, checkError: null };
  let fallbackFile: string | null = null;
  let fallbackError: string | null = null;
  try {
    fallbackFile = reserveFallbackFile(cwd, runId ?? result.startTime.toISOString().replace(/[:.]/g, '-'));
    await result.save(fallbackFile, { format: 'json' });
  } catch (error) {
    fallbackError = (error as Error).message;
  }
  return { reason: storageErrorReason(result.storageError!), runId, totalItems: result.totalItems, ...checked, fallbackFile, fallbackError };
}

const shellQuote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** The plain-words report of a storage failure: what was stored, what was not, and how to import the rest. */
export function describeStorageFailure(failure: StorageFailure): string[] {
  const total = failure.totalItems.toLocaleString('en-US');
  const lines = [`storing the run failed: ${failure.reason}`];
  if (!failure.runId) lines.push(`Nothing was stored: the run could not be created in the database (0 of ${total} items).`);
  else if (failure.storedItems === null) lines.push(`Could not check what run ${failure.runId} holds (${failure.checkError}); it holds at most some of the ${total} items.`);
  else {
    const row = failure.runStatus ? `the run row says ${failure.runStatus}` : 'the run row is gone';
    lines.push(`Stored ${failure.storedItems.toLocaleString('en-US')} of ${total} items of run ${failure.runId}; ${row}.`);
  }
  if (failure.fallbackFile) {
    lines.push(`The complete result (${total} items) is in ${failure.fallbackFile}. Import it once the database works again:`);
    lines.push(`  llm-eval db migrate ${shellQuote(failure.fallbackFile)}`);
  } else {
    lines.push(`Writing the complete result to a file failed too (${failure.fallbackError}); rerun with --output result.json.`);
  }
  return lines;
}
