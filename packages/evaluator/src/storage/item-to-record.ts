import type { ItemInput } from '@llm-eval/storage';
import type { ItemResult } from '../run/item-result';

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** How an item result is stored: metric errors sit in `scores` as `{ error }`, reasons and task metadata in metadata. @internal */
export function itemToRecord(item: ItemResult): ItemInput {
  const scores: ItemInput['scores'] = { ...item.scores };
  for (const [name, error] of Object.entries(item.metricErrors)) scores[name] = { error };
  const extra: Record<string, unknown> = {};
  if (Object.keys(item.reasons).length) extra.metric_reasons = item.reasons;
  if (item.taskMetadata) extra.task = item.taskMetadata;
  if (item.attempts > 1) extra.attempts = item.attempts;
  const metadata = item.metadata || Object.keys(extra).length ? { ...item.metadata, ...extra } : null;
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
    scores,
    metadata,
  };
}
