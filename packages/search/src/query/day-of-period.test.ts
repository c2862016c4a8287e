import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

// A Sunday afternoon in December 2026.
const DECEMBER = new Date('2026-12-06T14:03:00Z');
const FEBRUARY = new Date('2026-02-10T12:00:00Z');
const parse = (text: string, now = DECEMBER, timeZone = 'UTC') => parseQuery(text, { now, timeZone });
const utc = (from: string, to: string): FilterNode => ({ kind: 'time', from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) });
const time = (from: string, to: string): FilterNode => ({ kind: 'time', from: new Date(from), to: new Date(to) });

describe('"the last day of october": a day of a named period, not the rolling last day and the month', () => {
  // "the last day of october" was read as the 24 hours up to now AND October: two windows no run can be in.
  it.each<[string, FilterNode]>([
    ['the last day of october', utc('2026-10-31', '2026-11-01')],
    ['last day of october', utc('2026-10-31', '2026-11-01')],
    ['on the last day of october', utc('2026-10-31', '2026-11-01')],
    ['last day of october 2025', utc('2025-10-31', '2025-11-01')],
    ['first day of march', utc('2026-03-01', '2026-03-02')],
    ['on the first day of march', utc('2026-03-01', '2026-03-02')],
    ['the first day of last month', utc('2026-11-01', '2026-11-02')],
    ['the last day of last month', utc('2026-11-30', '2026-12-01')],
    ['the last day of this month', utc('2026-12-31', '2027-01-01')],
    ['the last day of the month', utc('2026-12-31', '2027-01-01')],
    ['the last day of the year', utc('2026-12-31', '2027-01-01')],
    ['the first day of the year', utc('2026-01-01', '2026-01-02')],
    ['the last day of last year', utc('2025-12-31', '2026-01-01')],
    ['first day of 2025', utc('2025-01-01', '2025-01-02')],
    ['the last day of Q3', utc('2026-09-30', '2026-10-01')],
    ['the first day of Q1 2026', utc('2026-01-01', '2026-01-02')],
    ['the last day of last week', utc('2026-11-29', '2026-11-30')],
    // Leap years: February's last day is the 29th in 2024, the 28th in 2026.
    ['last day of february 2024', utc('2024-02-29', '2024-03-01')],
    ['the last day of february', utc('2026-02-28', '2026-03-01')],
    // Weeks of a period are its first or last seven days.
    ['the last week of october', utc('2026-10-25', '2026-11-01')],
    ['the first week of march', utc('2026-03-01', '2026-03-08')],
    ['the last week of the year', utc('2026-12-25', '2027-01-01')],
  ])('%s', (query, filter) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  it('explains what was understood, with the phrase as written', () => {
    expect(parse('failed runs on the last day of october').explanation).toBe(
      'status is failed AND created 2026-10-31 \u2013 2026-11-01 (the last day of october, UTC)',
    );
    expect(parse('failed runs the last day of october').explanation).toBe(
      'status is failed AND created 2026-10-31 \u2013 2026-11-01 (the last day of october, UTC)',
    );
    expect(parse('first day of last month').explanation).toBe('created 2026-11-01 \u2013 2026-11-02 (first day of last month, UTC)');
  });

  it('takes the year of the period as a bare month or quarter has it: the most recent one that has started', () => {
    expect(parse('the last day of october', FEBRUARY).filter).toEqual(utc('2025-10-31', '2025-11-01'));
    expect(parse('the last day of Q3', FEBRUARY).filter).toEqual(utc('2025-09-30', '2025-10-01'));
    expect(parse('first day of february', FEBRUARY).filter).toEqual(utc('2026-02-01', '2026-02-02'));
    // October has started on October 15, so its last day is this year's, as "october" is this year's October.
    expect(parse('the last day of october', new Date('2026-10-15T12:00:00Z')).filter).toEqual(utc('2026-10-31', '2026-11-01'));
  });

  it('works as an edge of a time phrase', () => {
    expect(parse('since the first day of last month').filter).toEqual({ kind: 'time', from: new Date('2026-11-01T00:00:00Z') });
    expect(parse('before the last day of october').filter).toEqual({ kind: 'time', to: new Date('2026-10-31T00:00:00Z') });
    expect(parse('between the first day of march and the last day of may').filter).toEqual(utc('2026-03-01', '2026-06-01'));
    expect(parse('from the first day of october to the last day of november').filter).toEqual(utc('2026-10-01', '2026-12-01'));
    // chrono reads "october until yesterday" as one range; "until yesterday" is the end of the time phrase.
    expect(parse('since the first day of october until yesterday').filter).toEqual(utc('2026-10-01', '2026-12-06'));
    expect(parse('the last day of october until november 5').filter).toEqual(utc('2026-10-31', '2026-11-06'));
  });

  it('bounds the day in a time zone ahead of UTC, which also decides whether the month has started', () => {
    const tokyo = parse('the last day of october', DECEMBER, 'Asia/Tokyo');
    expect(tokyo.filter).toEqual(time('2026-10-30T15:00:00Z', '2026-10-31T15:00:00Z'));
    expect(tokyo.explanation).toBe('created 2026-10-31 \u2013 2026-11-01 (the last day of october, Asia/Tokyo)');
    // 2026-09-30 16:00 UTC is already October 1 in Tokyo: this October has started there, not in UTC.
    const lateSeptember = new Date('2026-09-30T16:00:00Z');
    expect(parse('the last day of october', lateSeptember, 'Asia/Tokyo').filter).toEqual(time('2026-10-30T15:00:00Z', '2026-10-31T15:00:00Z'));
    expect(parse('the last day of october', lateSeptember, 'UTC').filter).toEqual(utc('2025-10-31', '2025-11-01'));
  });

  it('keeps days and weeks whole across a DST change', () => {
    // New York falls back at 02:00 on 2026-11-01: that day has 25 hours.
    expect(parse('the first day of november', DECEMBER, 'America/New_York').filter).toEqual(
      time('2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z'),
    );
    expect(parse('the last day of october', DECEMBER, 'America/New_York').filter).toEqual(
      time('2026-10-31T04:00:00Z', '2026-11-01T04:00:00Z'),
    );
    // Berlin falls back on 2026-10-25, the first day of October's last week.
    expect(parse('the last week of october', DECEMBER, 'Europe/Berlin').filter).toEqual(
      time('2026-10-24T22:00:00Z', '2026-10-31T23:00:00Z'),
    );
  });

  it('leaves "last day", "the last day" and "last october" as they were', () => {
    expect(parse('last day').explanation).toBe('created 2026-12-05 14:03 \u2013 2026-12-06 14:03 (last day, UTC)');
    expect(parse('the last day').explanation).toBe('created 2026-12-05 14:03 \u2013 2026-12-06 14:03 (the last day, UTC)');
    expect(parse('in the last day').explanation).toBe('created 2026-12-05 14:03 \u2013 2026-12-06 14:03 (the last day, UTC)');
    expect(parse('last october').explanation).toBe('created 2026-10-01 \u2013 2026-11-01 (october, UTC) \u00b7 sorted by created, newest first');
  });
});
