import { QuerySyntaxError } from '../errors';
import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const span = (query: string, now = NOW) => {
  const { filter } = parseQuery(query, { now });
  const node = (filter?.kind === 'and' ? filter.children.find((c) => c.kind === 'time') : filter) as Extract<FilterNode, { kind: 'time' }>;
  return [node.from?.toISOString().slice(0, 10), node.to?.toISOString().slice(0, 10)];
};
const failure = (query: string) => {
  try {
    parseQuery(query, { now: NOW });
  } catch (error) {
    return error as QuerySyntaxError;
  }
  throw new Error(`"${query}" parsed`);
};

describe('dates the calendar does not have', () => {
  it.each(['on Feb 29 2026', 'Feb 29, 2026', 'on 2026-02-29', '29th of February 2026', '2/29/2026', 'since Feb 29 2025'])(
    '%s is a syntax error saying the year is not a leap year',
    (query) => {
      const error = failure(query);
      expect(error).toBeInstanceOf(QuerySyntaxError);
      expect(error.message).toMatch(/there is no February 29, 202[56]: 202[56] is not a leap year/);
      expect(query.slice(error.position)).toMatch(/^(Feb|2026|29th|2\/29)/);
    },
  );

  it.each([
    ['April 31', /there is no April 31: April has at most 30 days/],
    ['runs on Feb 30', /there is no February 30: February has at most 29 days/],
    ['on 2025-06-31', /there is no June 31, 2025: June 2025 has 30 days/],
  ])('%s is a syntax error naming the month length', (query, message) => {
    expect(failure(query).message).toMatch(message);
  });

  // chrono read "2026-13-01" as 13 January (year-day-month), and the explanation showed the words as written.
  it.each([
    ['runs from 2026-13-01', /there is no date 2026-13-01: ISO dates are year-month-day and months run from 01 to 12/, 'runs from '.length],
    ['between 2026-13-01 and 2026-12-01', /there is no date 2026-13-01/, 'between '.length],
    ['since 2026-00-10', /there is no date 2026-00-10: .* months run from 01 to 12/, 'since '.length],
    ['on 2026-12-00', /there is no date 2026-12-00: .* days start at 01/, 'on '.length],
    ['since 2026-13-01T10:00', /there is no date 2026-13-01:/, 'since '.length],
    ['since 2026-02-30T10:00', /there is no February 30, 2026: February 2026 has 28 days/, 'since '.length],
  ])('%s is a syntax error: an ISO date is year-month-day', (query, message, position) => {
    const error = failure(query);
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
  });

  it('reads "Feb 29" without a year as the most recent Feb 29 that is not in the future, like every date without a year', () => {
    expect(span('on Feb 29')).toEqual(['2024-02-29', '2024-03-01']);
    expect(span('failed runs on 29 Feb')).toEqual(['2024-02-29', '2024-03-01']);
    expect(span('on Feb 29', new Date('2028-03-05T00:00:00Z'))).toEqual(['2028-02-29', '2028-03-01']);
    expect(span('on Feb 29', new Date('2028-02-28T00:00:00Z'))).toEqual(['2024-02-29', '2024-03-01']);
    expect(parseQuery('on Feb 29', { now: NOW }).explanation).toBe('created 2024-02-29 \u2013 2024-03-01 (Feb 29, UTC)');
  });

  it('still reads real leap days and ordinary dates', () => {
    expect(span('on Feb 29 2024')).toEqual(['2024-02-29', '2024-03-01']);
    expect(span('on Feb 28')).toEqual(['2026-02-28', '2026-03-01']);
    expect(span('since 2028-02-29', new Date('2028-06-01T00:00:00Z'))).toEqual(['2028-02-29', undefined]);
  });
});
