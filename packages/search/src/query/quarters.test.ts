import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

const NOVEMBER = new Date('2026-11-27T15:00:00Z');
const FEBRUARY = new Date('2026-02-10T12:00:00Z');
const parse = (text: string, now = NOVEMBER, timeZone = 'UTC') => parseQuery(text, { now, timeZone });
const utc = (from: string, to: string): FilterNode => ({ kind: 'time', from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) });

describe('calendar quarters', () => {
  it.each([
    // Without a year: the most recent such quarter that has started.
    ['Q1', NOVEMBER, utc('2026-01-01', '2026-04-01')],
    ['in Q3', NOVEMBER, utc('2026-07-01', '2026-10-01')],
    ['q4', NOVEMBER, utc('2026-10-01', '2027-01-01')],
    ['Q1', FEBRUARY, utc('2026-01-01', '2026-04-01')],
    ['Q2', FEBRUARY, utc('2025-04-01', '2025-07-01')],
    ['in Q3', FEBRUARY, utc('2025-07-01', '2025-10-01')],
    ['Q2', new Date('2026-04-01T00:00:00Z'), utc('2026-04-01', '2026-07-01')],
    // With a year, however it is written.
    ['in Q3 2026', FEBRUARY, utc('2026-07-01', '2026-10-01')],
    ['Q3 of 2025', NOVEMBER, utc('2025-07-01', '2025-10-01')],
    ['Q3, 2025', NOVEMBER, utc('2025-07-01', '2025-10-01')],
    ['2025 Q3', NOVEMBER, utc('2025-07-01', '2025-10-01')],
    ['2025-Q3', NOVEMBER, utc('2025-07-01', '2025-10-01')],
    ['q3-2025', NOVEMBER, utc('2025-07-01', '2025-10-01')],
    ['2025q3', NOVEMBER, utc('2025-07-01', '2025-10-01')],
    // As any date: with since / before / between.
    ['between Q1 and Q2', NOVEMBER, utc('2026-01-01', '2026-07-01')],
    ['since Q3', NOVEMBER, { kind: 'time', from: new Date('2026-07-01T00:00:00Z') }],
    ['before Q2 2026', NOVEMBER, { kind: 'time', to: new Date('2026-04-01T00:00:00Z') }],
  ])('%s (asked %s)', (query, now, filter) => {
    const parsed = parse(query, now as Date);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  it('explains the quarter as its dates', () => {
    expect(parse('failed runs in Q3').explanation).toBe('status is failed AND created 2026-07-01 \u2013 2026-10-01 (Q3, UTC)');
    expect(parse('Q3', FEBRUARY).explanation).toBe('created 2025-07-01 \u2013 2025-10-01 (Q3, UTC)');
  });

  it('starts quarters at midnight in the caller\'s time zone, which decides whether one has started', () => {
    expect(parse('Q3', NOVEMBER, 'America/New_York').filter).toEqual({
      kind: 'time',
      from: new Date('2026-07-01T04:00:00Z'),
      to: new Date('2026-10-01T04:00:00Z'),
    });
    // 2026-09-30 16:00 UTC is already October 1 in Tokyo: Q4 of 2026 has started there, not in UTC.
    const lateSeptember = new Date('2026-09-30T16:00:00Z');
    expect(parse('Q4', lateSeptember, 'Asia/Tokyo').filter).toEqual({
      kind: 'time',
      from: new Date('2026-09-30T15:00:00Z'),
      to: new Date('2026-12-31T15:00:00Z'),
    });
    expect(parse('Q4', lateSeptember, 'UTC').filter).toEqual(utc('2025-10-01', '2026-01-01'));
  });

  it.each(['q5', 'q0', 'q3x'])('"%s" is no quarter', (query) => {
    expect(parse(query).filter).toEqual({ kind: 'text', text: query });
  });
});
