import type { LoadedItem } from '@llm-eval/evaluator';
import type { ItemInput } from '@llm-eval/storage';
import { failedItemRecord } from './failed-item-record';

/**
 * How many times an item's worker may stop while running it before the item is given up (BullMQ's maxStalledCount):
 * the third stop marks it failed. A worker killed once (a deploy, a preempted machine) costs an item nothing.
 */
export const MAX_WORKER_STOPS = 2;

/** The reason BullMQ gives an item whose job stalled more than maxStalledCount times. */
const STALL_LIMIT_REASON = 'job stalled more than allowable limit';

/** Whether a job failed because every worker that took it stopped before finishing it (BullMQ's stall limit). */
export function isStallLimit(job: { deferredFailure?: string }, error: Error | undefined): boolean {
  return job.deferredFailure === STALL_LIMIT_REASON || error?.message === STALL_LIMIT_REASON;
}

/**
 * The stored row of an item whose task brought its worker down each time it ran (out of memory, a native crash,
 * process.exit): a failed item saying so, so the run ends with it counted instead of waiting for it for ever.
 */
export function lostItemRecord(item: LoadedItem): ItemInput {
  const tries = MAX_WORKER_STOPS + 1;
  const error =
    `The worker running this item stopped (killed, out of memory or crashed) while running it, ${tries} times; it was not tried again. ` +
    'Check the workers\' logs for why the task brings its process down.';
  return failedItemRecord(item, { error, errorType: 'WorkerLostError', attempts: tries });
}
