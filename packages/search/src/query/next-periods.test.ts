import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

// "next month" and "next week" were searched for as text ("Note: searching for "next month" as text"), while
// "tomorrow" was a date. "next <unit>" is now the calendar unit after this one, and "next N <units>" the window
// starting now, as "last" and "past" are their mirror images.
// A Sunday afternoon in December 2026.
const NOW = new Date('2026-12-06T14:03:00.250Z');
const parse = (text: string, timeZone = 'UTC') => parseQuery(text, { now: NOW, timeZone });
const utc = (from: string, to: string): FilterNode => ({ kind: 'time', from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) });
const time = (from: string, to: string): FilterNode => ({ kind: 'time', from: new Date(from), to: new Date(to) });

describe('"next month", "next week", "next 3 days": future periods, not text', () => {
  it.each<[string, FilterNode]>([
    ['next week', utc('2026-12-07', '2026-12-14')],
    ['runs next month', utc('2027-01-01', '2027-02-01')],
    ['next quarter', utc('2027-01-01', '2027-04-01')],
    ['next year', utc('2027-01-01', '2028-01-01')],
    ['coming month', utc('2027-01-01', '2027-02-01')],
    ["next week's runs", utc('2026-12-07', '2026-12-14')],
    // Sunday: next monday is tomorrow, next sunday a week away (never today).
    ['next monday', utc('2026-12-07', '2026-12-08')],
    ['next sunday', utc('2026-12-13', '2026-12-14')],
    ['next friday', utc('2026-12-11', '2026-12-12')],
    ['next 3 days', time('2026-12-06T14:03:00.250Z', '2026-12-09T14:03:00.250Z')],
    ['in the next 2 hours', time('2026-12-06T14:03:00.250Z', '2026-12-06T16:03:00.250Z')],
    ['next day', time('2026-12-06T14:03:00.250Z', '2026-12-07T14:03:00.250Z')],
    ['next fortnight', time('2026-12-06T14:03:00.250Z', '2026-12-20T14:03:00.250Z')],
  ])('%s', (query, filter) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  it('takes the zone of the query: next month in Tokyo starts at its local midnight', () => {
    expect(parse('next month', 'Asia/Tokyo').filter).toEqual(time('2026-12-31T15:00:00Z', '2027-01-31T15:00:00Z'));
  });

  it('leaves "next" alone where no time follows it', () => {
    const parsed = parse('next steps');
    expect(parsed.filter).toMatchObject({ kind: 'text' });
  });
});
