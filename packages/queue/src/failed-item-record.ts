import { itemResultToRecord, type LoadedItem } from '@llm-eval/evaluator';
import type { ItemInput } from '@llm-eval/storage';

/**
 * The stored row of an item no task finished, failed with `error` of `errorType`: no output, no scores, and no start or
 * response time (none was measured: a response time of 0 would have pulled the run's mean and minimum down), ended when
 * it was given up.
 * `values` replaces the item's input, expected value and metadata (for when those cannot be stored either).
 * @internal
 */
export function failedItemRecord(
  item: LoadedItem,
  failure: { error: string; errorType: string; attempts: number },
  values: Pick<LoadedItem, 'input' | 'expected' | 'metadata'> = item,
): ItemInput {
  const now = new Date();
  const record = itemResultToRecord({
    id: item.id,
    index: item.index,
    input: values.input,
    expected: values.expected,
    metadata: values.metadata,
    output: undefined,
    success: false,
    error: failure.error,
    errorType: failure.errorType,
    scores: {},
    reasons: {},
    metricErrors: {},
    startedAt: now,
    completedAt: now,
    responseTime: 0,
    attempts: failure.attempts,
  });
  return { ...record, startedAt: null, responseTime: null };
}
