import type { Database } from '@llm-eval/storage';
import { FailureTally } from './failure-tally';

/**
 * Failed items whose errors are read back, at most: enough to rank a run's errors, few enough (ten pages) to read in
 * a moment however many of a run's million items failed.
 */
export const MAX_FAILED_ITEMS_READ = 10_000;
/** Items per page read. */
const PAGE = 1_000;

/** A stored run's failed items counted by their errors. */
export interface StoredFailures {
  /** The errors of the first failed items (in dataset order, at most MAX_FAILED_ITEMS_READ); `tally.failed` of them. */
  tally: FailureTally;
  /** Every failed item of the run. */
  failedItems: number;
  /** Every item the database holds for the run. */
  storedItems: number;
}

/**
 * Counts a stored run's failed items by their errors, reading them back from the database: what `evaluate --queue`
 * says once its workers are done, as the local `evaluate` says it from the items it ran (FailureTally).
 */
export async function readStoredFailures(db: Pick<Database, 'runs'>, runId: string, limit = MAX_FAILED_ITEMS_READ): Promise<StoredFailures> {
  const tally = new FailureTally();
  const [stored, first] = await Promise.all([
    db.runs.listItems(runId, { limit: 1 }),
    db.runs.listItems(runId, { status: 'failed', limit: Math.min(PAGE, limit) }),
  ]);
  let page = first;
  for (;;) {
    for (const item of page.items) tally.addFailure(item.errorType, item.errorMessage);
    const left = limit - tally.failed;
    if (!page.nextCursor || left <= 0) break;
    page = await db.runs.listItems(runId, { status: 'failed', limit: Math.min(PAGE, left), cursor: page.nextCursor });
  }
  return { tally, failedItems: first.total, storedItems: stored.total };
}
