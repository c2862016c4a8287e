import type { ItemInput } from '@llm-eval/storage';
import type { ItemResult } from '../run/item-result';
import { itemToRecord } from './item-to-record';

/** itemToRecord before it was split into storedScores and storedMetadata, kept here as the reference. */
function referenceRecord(item: ItemResult): ItemInput {
  const asText = (value: unknown) => (value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value));
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

const at = new Date(Date.UTC(2026, 11, 2, 22, 0, 0));
const base: ItemResult = {
  id: 'q', index: 0, input: 'in', expected: 'out', output: 'out', success: true, scores: {}, reasons: {}, metricErrors: {},
  startedAt: at, completedAt: at, responseTime: 0.001, attempts: 1,
};
// Odd metric names: integer-like ones (ordered first by JavaScript), "__proto__", prototype method names, dots, NUL.
const ODD = ['2', '10', '__proto__', 'constructor', 'hasOwnProperty', 'a.b', 'nul\u0000', '\uD800'];

const items: ItemResult[] = [
  base,
  { ...base, scores: { exact_match: true, f1: 0.5 } },
  { ...base, scores: Object.fromEntries(ODD.map((name, i) => [name, i])) },
  { ...base, scores: { b: 1 }, metricErrors: Object.fromEntries(ODD.map((name) => [name, `failed ${name}`])) },
  { ...base, scores: { judge: 0.3 }, reasons: { judge: 'close', '__proto__': 'odd' } },
  { ...base, metadata: {} },
  { ...base, metadata: { source: 'x', attempts: 'mine', task: 'mine' }, attempts: 3, taskMetadata: { model: 'm' } },
  { ...base, taskMetadata: {} },
  { ...base, attempts: 2 },
  { ...base, success: false, output: undefined, error: 'boom', errorType: 'TypeError', expected: { a: [1, 'x'] }, tokensUsed: 5, cost: 0 },
  { ...base, input: undefined, expected: null, output: 7, scores: { x: false }, metricErrors: { y: '' } },
];

describe('itemToRecord', () => {
  it('makes exactly the record it made before, key order included, for odd metric names and metadata', () => {
    for (const item of items) {
      const record = itemToRecord(item);
      const reference = referenceRecord(item);
      expect(record).toEqual(reference);
      expect(JSON.stringify(record)).toBe(JSON.stringify(reference));
      expect(Object.getPrototypeOf(record.scores)).toEqual(Object.getPrototypeOf(reference.scores));
    }
  });

  it('copies the scores and metadata, so changing the item later does not change the record', () => {
    const item: ItemResult = { ...base, scores: { a: 1 }, metadata: { m: 1 } };
    const record = itemToRecord(item);
    item.scores.a = 2;
    (item.metadata as Record<string, unknown>).m = 2;
    expect(record.scores).toEqual({ a: 1 });
    expect(record.metadata).toEqual({ m: 1 });
  });
});
