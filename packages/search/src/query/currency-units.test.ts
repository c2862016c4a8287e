import { QuerySyntaxError } from '../errors';
import { parseQuery } from './parse-query';

const parse = (text: string) => parseQuery(text, { now: new Date('2026-11-27T15:00:00Z'), timeZone: 'UTC' });

// "cost under 5 dollars" was cost < 5 AND the text "dollars", so it found nothing.
describe('currency words after a cost', () => {
  it.each<[string, number]>([
    ['cost under 5 dollars', 5],
    ['cost under $5', 5],
    ['cost under 5 usd', 5],
    ['cost under 5 USD', 5],
    ['cost under 5usd', 5],
    ['cost under 1 dollar', 1],
    ['cost under 50 cents', 0.5],
    ['total cost less than 2.5 dollars', 2.5],
  ])('%s', (query, value) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual({ kind: 'number', field: 'totalCost', op: '<', value });
    expect(parsed.warnings).toEqual([]);
  });

  it('reads a range with the currency written once', () => {
    expect(parse('cost between 1 and 5 dollars').filter).toEqual({
      kind: 'and',
      children: [
        { kind: 'number', field: 'totalCost', op: '>=', value: 1 },
        { kind: 'number', field: 'totalCost', op: '<=', value: 5 },
      ],
    });
  });

  it('refuses a currency after a measure that is not a cost', () => {
    expect(() => parse('tokens over 5 dollars')).toThrow(QuerySyntaxError);
    expect(() => parse('duration > 5 dollars')).toThrow(QuerySyntaxError);
    expect(() => parse('success rate > 5 dollars')).toThrow(QuerySyntaxError);
  });
});
