import type { ItemResult } from '../run/item-result';
import { itemToRecord } from './item-to-record';
import { RecordColumnsBuilder, recordsFromColumns } from './record-columns';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 2, 17, 0, 0, ms));

const items: ItemResult[] = [
  {
    id: 'plain', index: 0, input: 'What is 1 + 1?', expected: '2', output: '2', success: true,
    scores: { exact_match: true, f1: 0.5 }, reasons: {}, metricErrors: {}, startedAt: at(1), completedAt: at(9), responseTime: 0.008, attempts: 1,
  },
  {
    id: 'failed', index: 7, input: { messages: [{ role: 'user', content: 'hi' }] }, expected: { a: [1, 2] }, output: undefined, success: false,
    error: 'model refused', errorType: 'ModelApiError', scores: {}, reasons: {}, metricErrors: { exact_match: 'no output' },
    startedAt: at(3), completedAt: at(40), responseTime: 0.037, attempts: 3, metadata: { source: 'x' },
  },
  {
    id: 'usage', index: 2, input: 5, expected: undefined, output: { answer: 5 }, success: true, scores: { judge: 0.25 },
    reasons: { judge: 'close' }, metricErrors: {}, startedAt: at(0), completedAt: at(1), responseTime: 0.001, tokensUsed: 42, cost: 0.0003,
    attempts: 1, taskMetadata: { model: 'm' },
  },
];

const ODD = ['2', '10', '__proto__', 'constructor', 'a.b', 'nul\u0000', '\uD800'];
/** Items whose scores differ in names, order and kind: odd names, metric errors, an item without scores. */
const oddItems: ItemResult[] = [
  { ...items[0]!, id: 'odd-names', scores: Object.fromEntries(ODD.map((name, i) => [name, i % 2 ? true : i / 3])) },
  { ...items[0]!, id: 'same-names', scores: Object.fromEntries(ODD.map((name, i) => [name, -i])) },
  { ...items[0]!, id: 'errors', scores: { b: 1 }, metricErrors: Object.fromEntries(ODD.map((name) => [name, `failed ${name}`])) },
  { ...items[0]!, id: 'none', scores: {} },
  { ...items[0]!, id: 'reordered', scores: { f1: 0.5, exact_match: false } },
  { ...items[0]!, id: 'first-again', scores: { exact_match: true, f1: 1 } },
];

describe('RecordColumns', () => {
  it('turns back into exactly the rows itemToRecord makes, in order, and empties the builder', () => {
    const builder = new RecordColumnsBuilder();
    for (const item of items) builder.add(item);
    expect(builder.length).toBe(3);
    const columns = structuredClone(builder.take()); // as the storage worker receives them
    expect(builder.length).toBe(0);
    expect(recordsFromColumns(columns)).toEqual(items.map(itemToRecord));
  });

  it('keeps the scores of every item (names, order and values), however the metric names of the items differ', () => {
    const builder = new RecordColumnsBuilder();
    const all = [...items, ...oddItems, ...items];
    for (const item of all) builder.add(item);
    const rows = recordsFromColumns(structuredClone(builder.take()));
    const expected = all.map(itemToRecord);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => JSON.stringify(r.scores))).toEqual(expected.map((r) => JSON.stringify(r.scores)));
    expect(rows.map((r) => Object.keys(r.scores!))).toEqual(expected.map((r) => Object.keys(r.scores!)));
  });
});
