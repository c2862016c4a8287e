import type { LoadedItem } from '@llm-eval/evaluator';
import type { JobsOptions } from 'bullmq';
import { ITEM_JOB, KEEP_SECONDS, runKeys } from './run-keys';
import type { ItemJobData } from './worker';

/** Values the submitter cut in an item before enqueuing it (ValueCuts.nesting), carried in its job to be counted once. */
const cutBeforeQueued = new WeakMap<LoadedItem, number>();

/** Notes that `count` values of `item` were cut before it was enqueued: its job carries the count (ItemJobData.valuesCut). @internal */
export function noteCutBeforeQueued(item: LoadedItem, count: number): void {
  if (count > 0) cutBeforeQueued.set(item, count);
}

/**
 * The BullMQ jobs of a run's items, as `Queue.addBulk` takes them. Each item's job id is fixed by its index, so adding
 * the same items again (a step cut by a Redis restart, a run whose queue Redis lost) never queues one twice.
 * `priorities` (fair-share.ts) are the items' BullMQ priorities; without them the jobs go before every prioritized one.
 * @internal
 */
export function itemJobs(
  prefix: string,
  runId: string,
  items: readonly LoadedItem[],
  attempts = 8,
  priorities?: readonly number[],
): Array<{ name: string; data: ItemJobData; opts: JobsOptions }> {
  const keys = runKeys(prefix, runId);
  return items.map((item, i) => ({
    name: ITEM_JOB,
    data: cutBeforeQueued.has(item) ? { runId, item, valuesCut: cutBeforeQueued.get(item) } : { runId, item },
    opts: {
      jobId: keys.itemJobId(item.index),
      removeOnComplete: true,
      removeOnFail: { age: KEEP_SECONDS },
      attempts,
      backoff: { type: 'exponential', delay: 1_000 },
      ...(priorities ? { priority: priorities[i] } : {}),
    },
  }));
}
