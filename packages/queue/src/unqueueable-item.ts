import type { LoadedItem } from '@llm-eval/evaluator';
import type { ItemInput } from '@llm-eval/storage';
import { failedItemRecord } from './failed-item-record';

/**
 * The stored row of an item the queue would not take (adding its job failed for another reason than Redis being
 * unreachable): a failed item naming why, so the run goes on with its other items and ends with this one counted.
 * `withValues: false` leaves its input, expected value and metadata out, for when the database refused them too.
 * @internal
 */
export function unqueueableItemRecord(item: LoadedItem, reason: string, withValues = true): ItemInput {
  const error = `The item could not be added to the queue, so no worker ran it: ${reason}. The run's other items ran.`.slice(0, 2_000);
  const withoutValues = { input: '[not recorded: the item could not be queued]', expected: undefined, metadata: undefined };
  return failedItemRecord(item, { error, errorType: 'ItemNotQueuedError', attempts: 0 }, withValues ? item : withoutValues);
}
