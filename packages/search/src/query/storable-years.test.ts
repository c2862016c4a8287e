import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

type TimeNode = Extract<FilterNode, { kind: 'time' }>;

const NOW = new Date('2026-11-27T15:00:00Z');
const read = (query: string, timeZone = 'UTC') => {
  const { filter, warnings } = parseQuery(query, { now: NOW, timeZone });
  const node = filter as TimeNode | null;
  return { from: node?.from?.toISOString(), to: node?.to?.toISOString(), warnings };
};

// Storage holds the years 1–9999, but the query language refused dates before 1901 (Date.UTC reads year 1 as 1901) and
// the last day of 9999, dropping the condition so that every run matched.
describe('every date storage can hold is a date a query can name', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['on 1900-06-01', '1900-06-01T00:00:00.000Z', '1900-06-02T00:00:00.000Z'],
    ['since 1899-05-05', '1899-05-05T00:00:00.000Z', undefined],
    ['on 9999-12-31', '9999-12-31T00:00:00.000Z', '9999-12-31T23:59:59.999Z'],
    ['before 9999-12-31', undefined, '9999-12-31T00:00:00.000Z'],
    ['last 130 years', '1896-11-27T15:00:00.000Z', '2026-11-27T15:00:00.000Z'],
  ])('%s', (query, from, to) => {
    expect(read(query)).toEqual({ from, to, warnings: [] });
  });

  it('ends the last day of 9999 with the storable years in a zone behind UTC', () => {
    expect(read('on 9999-12-31', 'America/Los_Angeles')).toEqual({
      from: '9999-12-31T08:00:00.000Z',
      to: '9999-12-31T23:59:59.999Z',
      warnings: [],
    });
  });

  it('still ignores dates beyond them', () => {
    expect(read('last 999999999 years').warnings).toEqual(['ignored "last 999999999 years": the date is out of range']);
    expect(read('last 300000 years').warnings).toEqual(['ignored "last 300000 years": the date is out of range']);
  });
});
