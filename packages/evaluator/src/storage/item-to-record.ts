import type { ItemInput } from '@llm-eval/storage';
import type { ItemResult } from '../run/item-result';

/** An expected value or output as stored: text as it is, anything else as its JSON. @internal */
export function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** True when an object has an own enumerable key (Object.keys(o).length without the array). @internal */
export function hasKeys(object: object): boolean {
  for (const key in object) if (Object.prototype.hasOwnProperty.call(object, key)) return true;
  return false;
}

/** An item's stored scores: its scores, then each metric error as `{ error }`. @internal */
export function storedScores(item: ItemResult): NonNullable<ItemInput['scores']> {
  const scores: NonNullable<ItemInput['scores']> = { ...item.scores };
  const errors = item.metricErrors;
  if (hasKeys(errors)) for (const name of Object.keys(errors)) scores[name] = { error: errors[name]! };
  return scores;
}

/** An item's stored metadata: the dataset's, with metric reasons, task metadata and attempts added when there are any. @internal */
export function storedMetadata(item: ItemResult): Record<string, unknown> | null {
  const reasons = hasKeys(item.reasons);
  if (!reasons && !item.taskMetadata && item.attempts <= 1) return item.metadata ? { ...item.metadata } : null;
  const extra: Record<string, unknown> = {};
  if (reasons) extra.metric_reasons = item.reasons;
  if (item.taskMetadata) extra.task = item.taskMetadata;
  if (item.attempts > 1) extra.attempts = item.attempts;
  return { ...item.metadata, ...extra };
}

/** How an item result is stored: metric errors sit in `scores` as `{ error }`, reasons and task metadata in metadata. @internal */
export function itemToRecord(item: ItemResult): ItemInput {
  return {
    itemId: item.id,
    sequenceNumber: item.index,
    input: item.input ?? null,
    expectedOutput: asText(item.expected),
    actualOutput: asText(item.output),
    status: item.success ? 'completed' : 'failed',
    errorMessage: item.error ?? null,
    errorType: item.errorType ?? null,
    startedAt: item.startedAt,
    completedAt: item.completedAt,
    responseTime: item.responseTime,
    tokensUsed: item.tokensUsed ?? null,
    cost: item.cost ?? null,
    scores: storedScores(item),
    metadata: storedMetadata(item),
  };
}
