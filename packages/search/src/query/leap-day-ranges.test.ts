import { QuerySyntaxError } from '../errors';
import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

type TimeNode = Extract<FilterNode, { kind: 'time' }>;

const read = (query: string, now: string, timeZone = 'UTC') => {
  const { filter, warnings } = parseQuery(query, { now: new Date(now), timeZone });
  const node = filter as TimeNode;
  return { kind: node.kind, from: node.from?.toISOString(), to: node.to?.toISOString(), warnings };
};
const span = (from: string, to: string, zone = 'T00:00:00.000Z') => ({ kind: 'time', from: `${from}${zone}`, to: `${to}${zone}`, warnings: [] });

// Each end of "between Feb 28 and Feb 29" was read alone: Feb 28 as this year's (2026) and Feb 29 as the last leap
// day (2024), so the range was "swapped" into 2024-02-29 – 2026-03-01, two years, with a warning that the dates were
// reversed; "since Feb 28 until Feb 29" ran backwards (from after to); in 2028 "between Mar 1 and Feb 29" ran four
// years ahead, to 2032.
describe('a range ending on February 29 written without its year', () => {
  const DEC_2026 = '2026-12-07T12:00:00Z';
  const MAR_2028 = '2028-03-15T12:00:00Z';

  it.each<[string, string, string]>([
    ['between Feb 28 and Feb 29', '2024-02-28', '2024-03-01'],
    ['from Feb 28 to Feb 29', '2024-02-28', '2024-03-01'],
    ['Feb 28 to Feb 29', '2024-02-28', '2024-03-01'],
    ['since Feb 28 until Feb 29', '2024-02-28', '2024-03-01'],
    ['between Feb 1 and Feb 29', '2024-02-01', '2024-03-01'],
    ['between Jan 15 and Feb 29', '2024-01-15', '2024-03-01'],
    ['between January and Feb 29', '2024-01-01', '2024-03-01'],
    ['between 28 and 29 February', '2024-02-28', '2024-03-01'],
    // A start in a month after February is in the year before the leap day, as other ranges across a new year are.
    ['between Dec 1 and Feb 29', '2023-12-01', '2024-03-01'],
    ['between Mar 1 and Feb 29', '2023-03-01', '2024-03-01'],
    ['from Feb 29 to Feb 29', '2024-02-29', '2024-03-01'],
    ['between Feb 28 2024 and Feb 29', '2024-02-28', '2024-03-01'],
  ])('%s in 2026 is in the last leap year, 2024', (query, from, to) => {
    expect(read(query, DEC_2026)).toEqual(span(from, to));
  });

  it.each<[string, string, string]>([
    ['between Feb 28 and Feb 29', '2028-02-28', '2028-03-01'],
    ['since Feb 28 until Feb 29', '2028-02-28', '2028-03-01'],
    ['between Dec 1 and Feb 29', '2027-12-01', '2028-03-01'],
    ['between Mar 1 and Feb 29', '2027-03-01', '2028-03-01'],
  ])('%s in March 2028 is in 2028, not the next leap year', (query, from, to) => {
    expect(read(query, MAR_2028)).toEqual(span(from, to));
  });

  it('takes this leap year while its start has come, even before the leap day itself', () => {
    expect(read('between Feb 28 and Feb 29', '2028-02-28T12:00:00Z')).toEqual(span('2028-02-28', '2028-03-01'));
    expect(read('between Dec 1 and Feb 29', '2027-12-07T12:00:00Z')).toEqual(span('2027-12-01', '2028-03-01'));
    // Its start still to come this year: the leap year before.
    expect(read('between Mar 1 and Feb 29', '2028-02-28T12:00:00Z')).toEqual(span('2027-03-01', '2028-03-01'));
  });

  it('keeps the edges "after" and "before" give: the end of the start, the start of the leap day', () => {
    expect(read('after Jan 31 before Feb 29', DEC_2026)).toEqual(span('2024-02-01', '2024-02-29'));
  });

  it('reads the days in the caller\'s time zone', () => {
    expect(read('between Feb 28 and Feb 29', DEC_2026, 'America/New_York')).toEqual(span('2024-02-28', '2024-03-01', 'T05:00:00.000Z'));
  });

  it.each<[string, number, number]>([
    ['between Feb 28 2026 and Feb 29', 2026, 2028],
    ['since Feb 1 2027 until Feb 29', 2027, 2028],
    ['between Mar 1 2024 and Feb 29', 2025, 2028],
  ])('%s is a syntax error naming the year without a leap day', (query, year, next) => {
    let error: unknown;
    try {
      parseQuery(query, { now: new Date(DEC_2026), timeZone: 'UTC' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect((error as Error).message).toContain(`there is no February 29, ${year}: ${year} is not a leap year; write the year of the leap day you mean ("Feb 29 ${next}")`);
    expect((error as QuerySyntaxError).position).toBe(query.lastIndexOf('Feb 29'));
  });

  it('leaves other ranges and a lone Feb 29 as they were', () => {
    expect(read('on Feb 29', DEC_2026)).toEqual(span('2024-02-29', '2024-03-01'));
    expect(read('between Feb 29 and Mar 3', DEC_2026)).toEqual(span('2024-02-29', '2024-03-04'));
    expect(read('between Feb 1 and Feb 28', DEC_2026)).toEqual(span('2026-02-01', '2026-03-01'));
    expect(read('between Nov 1 and Dec 20', DEC_2026)).toEqual(span('2026-11-01', '2026-12-21'));
    expect(read('between Feb 29 and Feb 28', DEC_2026)).toEqual({
      ...span('2024-02-28', '2024-03-01'),
      warnings: ['"between Feb 29 and Feb 28": the dates were reversed; swapped them'],
    });
  });
});
