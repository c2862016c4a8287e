import type { Database, ItemInput, ItemsRejectedError, RunFinalState } from '@llm-eval/storage';

/** What one batch write did: rows stored, and items the database refused for a reason other than being there already. @internal */
export interface StoreOutcome {
  stored: number;
  refused: Array<{ itemId: string; reason: string }>;
}

/**
 * Stores a batch of a running run's items, idempotent on (run, item id): an item already stored (a job run twice
 * after a stall) is skipped, not an error. RunClosedError (the run was cancelled or finalised) propagates.
 * @internal
 */
export async function storeItems(db: Database, runId: string, rows: readonly ItemInput[]): Promise<StoreOutcome> {
  try {
    return { stored: await db.runs.addItems(runId, rows, { ignoreDuplicates: true, onlyWhileRunning: true }), refused: [] };
  } catch (error) {
    if ((error as Error)?.name !== 'ItemsRejectedError') throw error;
    const { stored, rejected } = error as ItemsRejectedError;
    return { stored, refused: rejected.map((r) => ({ itemId: r.itemId, reason: r.error.message })) };
  }
}

/** Sets a running run to cancelled (guarded); false when it was not running. @internal */
export function cancelStoredRun(db: Database, runId: string, reason?: string): Promise<boolean> {
  return db.runs.cancelRun(runId, reason);
}

/** Stores statistics, totals and the final status once; false when another finaliser already did. @internal */
export function finalizeStoredRun(db: Database, runId: string, final: RunFinalState): Promise<boolean> {
  return db.runs.finalizeRun(runId, final);
}
