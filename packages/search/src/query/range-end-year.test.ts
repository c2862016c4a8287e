import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

type TimeNode = Extract<FilterNode, { kind: 'time' }>;

const read = (query: string, now: string, timeZone = 'UTC') => {
  const { filter, warnings } = parseQuery(query, { now: new Date(now), timeZone });
  const node = filter as TimeNode;
  return { from: node.from?.toISOString(), to: node.to?.toISOString(), warnings };
};
const days = (from: string, to: string) => ({ from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z`, warnings: [] });

// Each end of "between March 27 and April 2" was read alone as the most recent such date, so on March 29 the end was
// last year's April 2, and the range was swapped into a year that ended yesterday.
describe('the end of a range without its year is the first one from the start on', () => {
  const MARCH_29 = '2026-03-29T12:00:00Z';

  it.each<[string, ReturnType<typeof days>]>([
    ['between March 27 and April 2', days('2026-03-27', '2026-04-03')],
    ['from March 27 to April 2', days('2026-03-27', '2026-04-03')],
    ['March 27 until April 2', days('2026-03-27', '2026-04-03')],
    ['since March 27 until April 2', days('2026-03-27', '2026-04-03')],
    ['between 27 and 31 March', days('2026-03-27', '2026-04-01')],
    ['between 1 and 15 March', days('2026-03-01', '2026-03-16')],
    ['between 1 and 15 April', days('2025-04-01', '2025-04-16')],
    ['between Dec 30 and Jan 2', days('2025-12-30', '2026-01-03')],
  ])('%s on 2026-03-29', (query, expected) => {
    expect(read(query, MARCH_29)).toEqual(expected);
  });

  // The first Nov 1 from Nov 5 on is next year's: a range of almost a year, where the dates were written end first
  // (an earlier day of the start's own month).
  it.each<[string, string, string, string]>([
    ['between Nov 5 and Nov 1', '2025-11-01', '2025-11-06', 'between Nov 5 and Nov 1'],
    ['from Nov 5 to Nov 1', '2025-11-01', '2025-11-06', 'Nov 5 to Nov 1'],
    ['Nov 5 to Nov 1', '2025-11-01', '2025-11-06', 'Nov 5 to Nov 1'],
    ['since Nov 5 until Nov 1', '2025-11-01', '2025-11-06', 'since Nov 5 until Nov 1'],
    ['from Nov 5 to Nov 4', '2025-11-04', '2025-11-06', 'Nov 5 to Nov 4'],
    ['between Nov 5 2024 and Nov 1', '2024-11-01', '2024-11-06', 'between Nov 5 2024 and Nov 1'],
  ])('%s on 2026-03-29 is swapped, with a warning, not a range of most of a year', (query, from, to, written) => {
    expect(read(query, MARCH_29)).toEqual({ ...days(from, to), warnings: [`"${written}": the dates were reversed; swapped them`] });
  });

  it.each<[string, ReturnType<typeof days>]>([
    // Another month is the one after the start, across the new year: a fiscal year, a school year, a season.
    ['between Oct 1 and Mar 31', days('2025-10-01', '2026-04-01')],
    ['from Sep 1 to Feb 28', days('2025-09-01', '2026-03-01')],
    ['from April 1 2025 to March 31', days('2025-04-01', '2026-04-01')],
    ['from July 1 2025 to June 30', days('2025-07-01', '2026-07-01')],
    ['from September 2025 to June', days('2025-09-01', '2026-07-01')],
    ['between Jul 1 2025 and Jan 1', days('2025-07-01', '2026-01-02')],
  ])('%s on 2026-03-29 ends in the year after its start', (query, expected) => {
    expect(read(query, MARCH_29)).toEqual(expected);
  });

  it('says so when the range after "before" was written end first', () => {
    expect(read('before Nov 5 to Nov 1', MARCH_29)).toEqual({
      from: undefined,
      to: '2025-11-01T00:00:00.000Z',
      warnings: ['"Nov 5 to Nov 1": the dates were reversed; swapped them'],
    });
  });

  it.each<[string, ReturnType<typeof days>]>([
    ['between March 27 and April 2 2025', days('2025-04-02', '2026-03-28')],
    ['between 1 and 15 October 2025', days('2025-10-01', '2025-10-16')],
    ['between March 27 2025 and April 2', days('2025-03-27', '2025-04-03')],
  ])('%s keeps the years written', (query, expected) => {
    expect(read(query, MARCH_29)).toMatchObject({ from: expected.from, to: expected.to });
  });

  it('crosses the new year where it already is 2026 (Kiritimati, UTC+14, at 2025-12-31T10:30Z)', () => {
    // 00:30 on 2026-01-01 there: Dec 30 is last year's, Jan 2 the one after it.
    expect(read('between Dec 30 and Jan 2', '2025-12-31T10:30:00Z', 'Pacific/Kiritimati')).toEqual({
      from: '2025-12-29T10:00:00.000Z',
      to: '2026-01-02T10:00:00.000Z',
      warnings: [],
    });
  });
});
