import { itemResultToRecord, type LoadedItem } from '@llm-eval/evaluator';
import type { ItemInput } from '@llm-eval/storage';

/**
 * The stored row of an item the queue would not take (adding its job failed for another reason than Redis being
 * unreachable): a failed item naming why, so the run goes on with its other items and ends with this one counted.
 * `withValues: false` leaves its input, expected value and metadata out, for when the database refused them too.
 * @internal
 */
export function unqueueableItemRecord(item: LoadedItem, reason: string, withValues = true): ItemInput {
  const now = new Date();
  return itemResultToRecord({
    id: item.id,
    index: item.index,
    input: withValues ? item.input : '[not recorded: the item could not be queued]',
    expected: withValues ? item.expected : undefined,
    metadata: withValues ? item.metadata : undefined,
    output: undefined,
    success: false,
    error: `The item could not be added to the queue, so no worker ran it: ${reason}. The run's other items ran.`.slice(0, 2_000),
    errorType: 'ItemNotQueuedError',
    scores: {},
    reasons: {},
    metricErrors: {},
    startedAt: now,
    completedAt: now,
    responseTime: 0,
    attempts: 0,
  });
}
