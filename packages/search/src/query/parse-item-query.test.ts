import { QuerySyntaxError } from '../errors';
import type { Comparison, ItemFilterNode, ParsedItemQuery } from './filter';
import { parseItemQuery } from './parse-item-query';

const parse = (text: string) => parseItemQuery(text, { now: new Date('2026-11-27T15:00:00Z') });

const status = (...values: ('pending' | 'completed' | 'failed' | 'skipped')[]): ItemFilterNode => ({ kind: 'status', values });
const score = (metric: string, op: Comparison, value: number): ItemFilterNode => ({ kind: 'score', metric, op, value });
const responseTime = (op: Comparison, value: number): ItemFilterNode => ({ kind: 'responseTime', op, value });
const output = (text: string): ItemFilterNode => ({ kind: 'text', in: 'output', text });
const error = (text: string): ItemFilterNode => ({ kind: 'text', in: 'error', text });
const any = (text: string): ItemFilterNode => ({ kind: 'text', in: 'any', text });
const and = (...children: ItemFilterNode[]): ItemFilterNode => ({ kind: 'and', children });
const or = (...children: ItemFilterNode[]): ItemFilterNode => ({ kind: 'or', children });
const not = (child: ItemFilterNode): ItemFilterNode => ({ kind: 'not', child });

type Case = [query: string, filter: ItemFilterNode | null, extra?: Pick<ParsedItemQuery, 'sort' | 'limit'>];

const cases: Case[] = [
  ['failed items', status('failed')],
  ['failures', status('failed')],
  ['errored', status('failed')],
  ['completed', status('completed')],
  ['successful items', status('completed')],
  ['skipped', status('skipped')],
  ['pending items', status('pending')],
  ['skipped or pending', status('skipped', 'pending')],
  ['not failed', not(status('failed'))],
  ['status:skipped', status('skipped')],
  ['-status:skipped', not(status('skipped'))],
  ['exact_match = 0', score('exact_match', '=', 0)],
  ['exact_match < 0.5', score('exact_match', '<', 0.5)],
  ['accuracy at least 80%', score('accuracy', '>=', 0.8)],
  ['exact match is 1', score('exact_match', '=', 1)],
  ['fuzzy_match between 0.2 and 0.6', and(score('fuzzy_match', '>=', 0.2), score('fuzzy_match', '<=', 0.6))],
  ['response time > 2s', responseTime('>', 2)],
  ['latency under 500ms', responseTime('<', 0.5)],
  ['slower than 2s', responseTime('>', 2)],
  ['faster than 1.5 seconds', responseTime('<', 1.5)],
  ['took longer than 1 minute', responseTime('>', 60)],
  ["contains 'Paris'", output('Paris')],
  ['output contains Paris', output('Paris')],
  ['answers containing "New York"', output('New York')],
  ['output:Paris', output('Paris')],
  ['output:Paris,London', or(output('Paris'), output('London'))],
  ['errors like timeout', error('timeout')],
  ['error contains timeout', error('timeout')],
  ['failed with "rate limit"', error('rate limit')],
  ['error:timeout', error('timeout')],
  ['paris london', any('paris london')],
  ['output contains "New York" or contains Paris', or(output('New York'), output('Paris'))],
  ['failed items with errors like timeout', and(status('failed'), error('timeout'))],
  ['completed items with exact_match = 0', and(status('completed'), score('exact_match', '=', 0))],
  ['slowest 20', null, { sort: { field: 'responseTime', direction: 'desc' }, limit: 20 }],
  ['fastest 5', null, { sort: { field: 'responseTime', direction: 'asc' }, limit: 5 }],
  ['worst 10 by exact_match', null, { sort: { field: 'score', metric: 'exact_match', direction: 'asc' }, limit: 10 }],
  ['best 3 by accuracy', null, { sort: { field: 'score', metric: 'accuracy', direction: 'desc' }, limit: 3 }],
  ['first 10', null, { sort: { field: 'sequenceNumber', direction: 'asc' }, limit: 10 }],
  ['last 10 items', null, { sort: { field: 'sequenceNumber', direction: 'desc' }, limit: 10 }],
  ['limit 50', null, { limit: 50 }],
  ['failed items slowest 5', status('failed'), { sort: { field: 'responseTime', direction: 'desc' }, limit: 5 }],
  ['slowest 5000', null, { sort: { field: 'responseTime', direction: 'desc' }, limit: 1000 }],
  ['', null],
];

describe('parseItemQuery: table of queries', () => {
  it('has at least 20 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  // A rest parameter: with a fixed arity, Jest would read the missing third value as a `done` callback.
  it.each(cases)('%s', (...row) => {
    const [query, filter, extra] = row as Case;
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.sort).toEqual(extra?.sort);
    expect(parsed.limit).toEqual(extra?.limit);
  });
});

describe('parseItemQuery: explanations and warnings', () => {
  it.each([
    ['failed items', 'status is failed'],
    ['exact_match < 0.5 and latency > 2s', 'exact_match < 0.5 AND response time > 2s'],
    ["errors like timeout or contains 'Paris'", 'error contains "timeout" OR output contains "Paris"'],
    ['not skipped or pending', 'status is none of skipped, pending'],
    ['slowest 20', 'all items \u00b7 sorted by response time, slowest first \u00b7 limit 20'],
    ['worst 10 by exact_match', 'all items \u00b7 sorted by exact_match, lowest first \u00b7 limit 10'],
    ['first 10', 'all items \u00b7 sorted by position \u00b7 limit 10'],
  ])('%s', (query, explanation) => {
    expect(parse(query).explanation).toBe(explanation);
  });

  it('searches unknown words in any text and says so', () => {
    const parsed = parse('failed items about geography');
    expect(parsed.filter).toEqual(and(status('failed'), any('about geography')));
    expect(parsed.warnings).toEqual(['searching for "about geography" as text']);
  });

  it('reports a text verb with nothing after it', () => {
    expect(parse('contains').warnings).toEqual(['ignored "contains": nothing to look for after it']);
  });

  it('reports capped limits and ignored punctuation', () => {
    expect(parse('slowest 5000').warnings).toEqual(['limit 5000 capped at 1000']);
    expect(parse('failed ; )').warnings).toEqual(['ignored ";"', 'ignored ")" at character 10: no "(" before it']);
  });
});

describe('parseItemQuery: syntax errors', () => {
  it.each([
    ['foo:bar', 0, 'unknown field "foo:"'],
    ['status:weird', 7, 'unknown status "weird"'],
    ['exact_match >', 12, '">" needs a value after it'],
    ['exact_match < low', 14, 'expected a number'],
    ['response time > 5%', 16, 'expected a duration'],
    ["contains 'Paris", 9, 'unterminated quote'],
  ])('%s → position %d', (query, position, message) => {
    let caught: unknown;
    try {
      parse(query);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(QuerySyntaxError);
    expect((caught as QuerySyntaxError).position).toBe(position);
    expect((caught as QuerySyntaxError).message).toContain(message);
  });
});
