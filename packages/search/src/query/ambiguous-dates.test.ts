import { QuerySyntaxError } from '../errors';
import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const read = (query: string) => {
  const { filter, warnings } = parseQuery(query, { now: NOW });
  const node = filter as Extract<FilterNode, { kind: 'time' }>;
  return { from: node.from?.toISOString().slice(0, 10), to: node.to?.toISOString().slice(0, 10), warnings };
};
const failure = (query: string) => {
  try {
    parseQuery(query, { now: NOW });
  } catch (error) {
    return error as QuerySyntaxError;
  }
  throw new Error(`"${query}" parsed`);
};

// "since 01/02/2026" was read as 2 January and "on 5/6" as 6 May without a word, though both read the other way round
// too; "since Mar 32" was since March 2032 and "since Mar 99" since 1999, while "Apr 31" was a syntax error.
describe('dates that could be read another way', () => {
  it.each<[string, string | undefined, string | undefined, string]>([
    ['since 01/02/2026', '2026-01-02', undefined, '"01/02/2026" is read as month/day (January 2, 2026); as day/month it would be February 1, 2026: write 2026-02-01 to mean that'],
    ['on 5/6', '2026-05-06', '2026-05-07', '"5/6" is read as month/day (May 6); as day/month it would be June 5: write "June 5" to mean that'],
    ['before 12/1/26', undefined, '2026-12-01', '"12/1/26" is read as month/day (December 1, 2026); as day/month it would be January 12, 2026: write 2026-01-12 to mean that'],
    ['since 5/6 9am', '2026-05-06', undefined, '"5/6" is read as month/day (May 6); as day/month it would be June 5: write "June 5" to mean that'],
  ])('%s warns that day/month reads it otherwise', (query, from, to, warning) => {
    expect(read(query)).toEqual({ from, to, warnings: [warning] });
  });

  it('warns once per ambiguous date of a range', () => {
    expect(read('between 1/2/2026 and 3/4/2026').warnings).toEqual([
      '"1/2/2026" is read as month/day (January 2, 2026); as day/month it would be February 1, 2026: write 2026-02-01 to mean that',
      '"3/4/2026" is read as month/day (March 4, 2026); as day/month it would be April 3, 2026: write 2026-04-03 to mean that',
    ]);
  });

  it.each(['since 13/02/2026', 'since 12/25', 'on 5/5', 'since 2026-01-02', 'on Jan 2'])('%s reads only one way, without a warning', (query) => {
    expect(read(query).warnings).toEqual([]);
  });

  it.each([
    ['since Mar 32', /^there is no March 32: March has at most 31 days; a year after a month is written in full \("March 2032"\)/],
    ['since Mar 99', /^there is no March 99: March has at most 31 days; a year after a month is written in full \("March 1999"\)/],
    ['runs on Feb 45', /^there is no February 45: February has at most 29 days; a year after a month is written in full \("February 2045"\)/],
  ])('%s: a number after a month name is its day, and one no month has is a syntax error', (query, message) => {
    const error = failure(query);
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect(error.message).toMatch(message);
    expect(query.slice(error.position)).toMatch(/^(Mar|Feb) /);
  });

  it('reads a month and a four-digit year as that month', () => {
    expect(read('since Mar 2032')).toEqual({ from: '2032-03-01', to: undefined, warnings: [] });
    expect(read('on Mar 31')).toEqual({ from: '2026-03-31', to: '2026-04-01', warnings: [] });
  });
});
