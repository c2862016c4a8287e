import type { Comparison, FilterNode, ItemFilterNode, NumberField } from './filter';
import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (text: string) => parseQuery(text, { now: NOW });

const and = (...children: FilterNode[]): FilterNode => ({ kind: 'and', children });
const or = (...children: FilterNode[]): FilterNode => ({ kind: 'or', children });
const num = (field: NumberField, op: Comparison, value: number): FilterNode => ({ kind: 'number', field, op, value });
const metric = (name: string, op: Comparison, value: number): FilterNode => ({ kind: 'metric', metric: name, op, value });
const acc = (op: Comparison, value: number) => metric('accuracy', op, value);

describe('a bare comparison after or/and/but reuses the measure before it', () => {
  it.each<[string, FilterNode]>([
    ['accuracy below 0.5 or above 0.9', or(acc('<', 0.5), acc('>', 0.9))],
    ['accuracy below 0.5 and above 0.2', and(acc('<', 0.5), acc('>', 0.2))],
    ['accuracy above 0.5 but below 0.9', and(acc('>', 0.5), acc('<', 0.9))],
    ['accuracy above 0.5 but not above 0.9', and(acc('>', 0.5), acc('<=', 0.9))],
    ['accuracy < 0.5 or > 0.9', or(acc('<', 0.5), acc('>', 0.9))],
    ['accuracy under 0.5 or at least 0.9', or(acc('<', 0.5), acc('>=', 0.9))],
    ['accuracy over 0.9 or under 0.1', or(acc('>', 0.9), acc('<', 0.1))],
    ['accuracy below 0.5 or between 0.7 and 0.8', or(acc('<', 0.5), and(acc('>=', 0.7), acc('<=', 0.8)))],
    ['accuracy below 0.5 or 0.9 or higher', or(acc('<', 0.5), acc('>=', 0.9))],
    ['accuracy not between 0.2 and 0.8 or above 0.95', or(acc('<', 0.2), acc('>', 0.8), acc('>', 0.95))],
    // "and" binds tighter than "or".
    ['accuracy below 0.2 or above 0.5 and below 0.7', or(acc('<', 0.2), and(acc('>', 0.5), acc('<', 0.7)))],
    ['success rate below 50% or above 90%', or(num('successRate', '<', 0.5), num('successRate', '>', 0.9))],
    ['tokens over 1000 and under 5000', and(num('totalTokens', '>', 1000), num('totalTokens', '<', 5000))],
    ['cost above $1 or below $0.01', or(num('totalCost', '>', 1), num('totalCost', '<', 0.01))],
    ['latency above 2s or below 0.5s', or(num('avgResponseTime', '>', 2), num('avgResponseTime', '<', 0.5))],
    ['took over 5 minutes and under 10 minutes', and(num('durationSeconds', '>', 300), num('durationSeconds', '<', 600))],
    ['longer than 1h but under 2h', and(num('durationSeconds', '>', 3600), num('durationSeconds', '<', 7200))],
    ['over 90% accuracy or under 10%', or(acc('>', 0.9), acc('<', 0.1))],
    ['more than 1000 tokens or fewer than 10', or(num('totalTokens', '>', 1000), num('totalTokens', '<', 10))],
    // One OR, not an OR inside an OR.
    ['failed or accuracy below 0.5 or above 0.9', or({ kind: 'status', values: ['failed'] }, acc('<', 0.5), acc('>', 0.9))],
  ])('%s', (query, filter) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.freeText).toEqual([]);
  });

  it('explains the chain as comparisons, not text', () => {
    expect(parse('accuracy below 0.5 or above 0.9').explanation).toBe('accuracy < 0.5 OR accuracy > 0.9');
    expect(parse('accuracy below 0.5 or above 0.9 last week').explanation).toMatch(/^\(accuracy < 0\.5 OR accuracy > 0\.9\) AND created /);
  });

  it.each<[string, FilterNode]>([
    // An unrelated condition after "or" / "and" is read as before.
    ['accuracy below 0.5 or model gpt-4', or(acc('<', 0.5), { kind: 'field', field: 'model', value: 'gpt-4' })],
    ['accuracy above 0.5 and not failed', and(acc('>', 0.5), { kind: 'not', child: { kind: 'status', values: ['failed'] } })],
    ['accuracy above 0.9 and success rate above 80%', and(acc('>', 0.9), num('successRate', '>', 0.8))],
    // A comparison that names its own measure is that measure's.
    ['accuracy below 0.5 or above 90% success rate', or(acc('<', 0.5), num('successRate', '>', 0.9))],
    ['accuracy below 0.5 or above 1000 tokens', or(acc('<', 0.5), num('totalTokens', '>', 1000))],
    ['accuracy above 0.5 and 3 or more failures', and(acc('>', 0.5), num('failedItems', '>=', 3))],
    ['slower than 2s or longer than 1h', or(num('avgResponseTime', '>', 2), num('durationSeconds', '>', 3600))],
  ])('leaves %s to the other rules', (query, filter) => {
    expect(parse(query).filter).toEqual(filter);
  });

  it('leaves time phrases and values that do not fit the measure alone', () => {
    const dated = parse('accuracy below 0.5 and over 3 days ago');
    expect(dated.filter).toEqual(and(acc('<', 0.5), { kind: 'time', to: new Date('2026-11-24T15:00:00Z') }));
    // A duration is no accuracy: searched as text, as before.
    expect(parse('accuracy below 0.5 or over 2s').filter).toEqual(or(acc('<', 0.5), { kind: 'text', text: 'over 2s' }));
    // No comparison before "or", so nothing to reuse.
    expect(parse('precision under load or above 0.9').freeText).toEqual(['precision under load', 'above 0.9']);
  });
});

describe('item queries chain comparisons the same way', () => {
  const score = (op: Comparison, value: number): ItemFilterNode => ({ kind: 'score', metric: 'exact_match', op, value });
  const time = (op: Comparison, value: number): ItemFilterNode => ({ kind: 'responseTime', op, value });

  it.each<[string, ItemFilterNode]>([
    ['exact_match below 0.5 or above 0.9', { kind: 'or', children: [score('<', 0.5), score('>', 0.9)] }],
    ['exact_match above 0.2 and below 0.8', { kind: 'and', children: [score('>', 0.2), score('<', 0.8)] }],
    ['latency above 2s or below 100ms', { kind: 'or', children: [time('>', 2), time('<', 0.1)] }],
  ])('%s', (query, filter) => {
    const parsed = parseItemQuery(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });
});
