import type { RunSort } from './filter';
import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const parse = (text: string) => parseQuery(text, { now: new Date('2026-11-27T15:00:00Z') });

describe('limits too large to read as a small number are capped, not searched as text', () => {
  it.each([
    ['slowest 99999999999', '99999999999'],
    ['top 99999999999', '99999999999'],
    ['limit 99999999999', '99999999999'],
    ['latest 123456789012345678901234567890', '123456789012345678901234567890'],
  ])('%s', (query, written) => {
    const parsed = parse(query);
    expect(parsed.limit).toBe(1000);
    expect(parsed.filter).toBeNull();
    expect(parsed.freeText).toEqual([]);
    expect(parsed.warnings).toEqual([`limit ${written} capped at 1000`]);
  });

  it('caps a huge item limit the same way', () => {
    const parsed = parseItemQuery('slowest 99999999999');
    expect(parsed.limit).toBe(1000);
    expect(parsed.filter).toBeNull();
    expect(parsed.warnings).toEqual(['limit 99999999999 capped at 1000']);
  });
});

describe('runs sort by their total tokens and total cost', () => {
  const tokens = (direction: 'asc' | 'desc'): RunSort => ({ field: 'totalTokens', direction });
  const cost = (direction: 'asc' | 'desc'): RunSort => ({ field: 'totalCost', direction });

  it.each<[string, RunSort, number | undefined, string]>([
    ['top 10 by tokens', tokens('desc'), 10, 'all runs · sorted by tokens, most first · limit 10'],
    ['most tokens', tokens('desc'), undefined, 'all runs · sorted by tokens, most first'],
    ['fewest tokens', tokens('asc'), undefined, 'all runs · sorted by tokens, fewest first'],
    ['sort by tokens ascending', tokens('asc'), undefined, 'all runs · sorted by tokens, fewest first'],
    ['by tokens', tokens('desc'), undefined, 'all runs · sorted by tokens, most first'],
    ['top 5 by cost', cost('desc'), 5, 'all runs · sorted by cost, most expensive first · limit 5'],
    ['runs by cost', cost('desc'), undefined, 'all runs · sorted by cost, most expensive first'],
    ['highest cost', cost('desc'), undefined, 'all runs · sorted by cost, most expensive first'],
    ['lowest cost', cost('asc'), undefined, 'all runs · sorted by cost, cheapest first'],
    ['cheapest', cost('asc'), undefined, 'all runs · sorted by cost, cheapest first'],
    ['cheapest 3', cost('asc'), 3, 'all runs · sorted by cost, cheapest first · limit 3'],
    ['most expensive', cost('desc'), undefined, 'all runs · sorted by cost, most expensive first'],
    ['most expensive 5', cost('desc'), 5, 'all runs · sorted by cost, most expensive first · limit 5'],
    ['least expensive runs', cost('asc'), undefined, 'all runs · sorted by cost, cheapest first'],
    ['priciest runs', cost('desc'), undefined, 'all runs · sorted by cost, most expensive first'],
  ])('%s', (query, sort, limit, explanation) => {
    const parsed = parse(query);
    expect(parsed.sort).toEqual(sort);
    expect(parsed.limit).toBe(limit);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps conditions on tokens and cost next to the sort', () => {
    const parsed = parse('failed runs cost above $1 most tokens');
    expect(parsed.filter).toEqual({
      kind: 'and',
      children: [{ kind: 'status', values: ['failed'] }, { kind: 'number', field: 'totalCost', op: '>', value: 1 }],
    });
    expect(parsed.sort).toEqual(tokens('desc'));
  });
});

describe('"by" before a measure sorts by it; before anything else it is who created the run', () => {
  it.each<[string, RunSort]>([
    ['runs by accuracy', { field: 'metric', metric: 'accuracy', direction: 'desc' }],
    ['by duration', { field: 'durationSeconds', direction: 'desc' }],
    ['by latency ascending', { field: 'avgResponseTime', direction: 'asc' }],
  ])('%s', (query, sort) => {
    const parsed = parse(query);
    expect(parsed.filter).toBeNull();
    expect(parsed.sort).toEqual(sort);
  });

  it.each([
    ['runs by ana', 'ana'],
    ['by ana_smith', 'ana_smith'],
    ['by ana@example.com', 'ana@example.com'],
  ])('%s', (query, who) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual({ kind: 'field', field: 'createdBy', value: who });
    expect(parsed.sort).toBeUndefined();
  });
});

describe('a count before a sort word is its limit', () => {
  it.each<[string, RunSort, number]>([
    ['5 latest runs', { field: 'createdAt', direction: 'desc' }, 5],
    ['10 slowest', { field: 'avgResponseTime', direction: 'desc' }, 10],
    ['3 cheapest runs', { field: 'totalCost', direction: 'asc' }, 3],
    ['5 most expensive runs', { field: 'totalCost', direction: 'desc' }, 5],
    ['3 most recent failed runs', { field: 'createdAt', direction: 'desc' }, 3],
  ])('%s', (query, sort, limit) => {
    const parsed = parse(query);
    expect(parsed.sort).toEqual(sort);
    expect(parsed.limit).toBe(limit);
    expect(parsed.freeText).toEqual([]);
  });

  it('leaves counts that are not limits alone', () => {
    expect(parse('5 failures').filter).toEqual({ kind: 'number', field: 'failedItems', op: '=', value: 5 });
    expect(parse('top 5 failed runs').limit).toBe(5);
    expect(parse('2 weeks ago').filter).toEqual({
      kind: 'time',
      from: new Date('2026-11-09T00:00:00Z'),
      to: new Date('2026-11-16T00:00:00Z'),
    });
  });

  it('reports a count of 0 before a sort word, as after one', () => {
    const parsed = parse('0 latest runs');
    expect(parsed.sort).toEqual({ field: 'createdAt', direction: 'desc' });
    expect(parsed.limit).toBeUndefined();
    expect(parsed.warnings).toEqual(['ignored limit 0']);
  });
});
