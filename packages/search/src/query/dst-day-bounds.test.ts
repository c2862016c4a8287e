import { DateTime } from 'luxon';
import { parseQuery } from './parse-query';
import type { FilterNode } from './filter';

type TimeNode = Extract<FilterNode, { kind: 'time' }>;

function bounds(query: string, now: string, timeZone: string): [string, string] {
  const { filter } = parseQuery(query, { now: new Date(now), timeZone });
  const node = filter as TimeNode;
  expect(node.kind).toBe('time');
  return [node.from!.toISOString(), node.to!.toISOString()];
}

/** The day containing `now` (shifted by `days`) as Luxon computes it in the zone. */
function luxonDay(now: string, timeZone: string, days: number): [string, string] {
  const day = DateTime.fromISO(now, { zone: timeZone }).plus({ days }).startOf('day');
  return [day.toUTC().toISO({ suppressMilliseconds: false })!, day.plus({ days: 1 }).startOf('day').toUTC().toISO()!].map((s) =>
    new Date(s).toISOString(),
  ) as [string, string];
}

// Hand-checked against the tz database: Beirut jumps 00:00 → 01:00 on 2026-03-29 and falls back 24:00 → 23:00 at the
// end of 2026-10-24; Lord Howe moves half an hour, 02:00 → 02:30 on 2026-10-04 and 02:00 → 01:30 on 2026-04-05.
const CASES: Array<[zone: string, now: string, today: [string, string], yesterday: [string, string]]> = [
  ['Asia/Beirut', '2026-03-29T10:00:00Z', ['2026-03-28T22:00:00.000Z', '2026-03-29T21:00:00.000Z'], ['2026-03-27T22:00:00.000Z', '2026-03-28T22:00:00.000Z']],
  ['Asia/Beirut', '2026-03-30T10:00:00Z', ['2026-03-29T21:00:00.000Z', '2026-03-30T21:00:00.000Z'], ['2026-03-28T22:00:00.000Z', '2026-03-29T21:00:00.000Z']],
  ['Asia/Beirut', '2026-10-24T10:00:00Z', ['2026-10-23T21:00:00.000Z', '2026-10-24T22:00:00.000Z'], ['2026-10-22T21:00:00.000Z', '2026-10-23T21:00:00.000Z']],
  ['Asia/Beirut', '2026-10-25T10:00:00Z', ['2026-10-24T22:00:00.000Z', '2026-10-25T22:00:00.000Z'], ['2026-10-23T21:00:00.000Z', '2026-10-24T22:00:00.000Z']],
  ['Australia/Lord_Howe', '2026-10-04T05:00:00Z', ['2026-10-03T13:30:00.000Z', '2026-10-04T13:00:00.000Z'], ['2026-10-02T13:30:00.000Z', '2026-10-03T13:30:00.000Z']],
  ['Australia/Lord_Howe', '2026-10-05T05:00:00Z', ['2026-10-04T13:00:00.000Z', '2026-10-05T13:00:00.000Z'], ['2026-10-03T13:30:00.000Z', '2026-10-04T13:00:00.000Z']],
  ['Australia/Lord_Howe', '2026-04-05T05:00:00Z', ['2026-04-04T13:00:00.000Z', '2026-04-05T13:30:00.000Z'], ['2026-04-03T13:00:00.000Z', '2026-04-04T13:00:00.000Z']],
  ['Australia/Lord_Howe', '2026-04-06T05:00:00Z', ['2026-04-05T13:30:00.000Z', '2026-04-06T13:30:00.000Z'], ['2026-04-04T13:00:00.000Z', '2026-04-05T13:30:00.000Z']],
];

describe('"today" and "yesterday" on DST transition days', () => {
  it.each(CASES)('%s at %s', (zone, now, today, yesterday) => {
    expect(bounds('today', now, zone)).toEqual(today);
    expect(bounds('yesterday', now, zone)).toEqual(yesterday);
    expect(bounds('today', now, zone)).toEqual(luxonDay(now, zone, 0));
    expect(bounds('yesterday', now, zone)).toEqual(luxonDay(now, zone, -1));
  });

  it('explains a day that starts at 01:00 as that day, not as the evening before', () => {
    const { explanation } = parseQuery('today', { now: new Date('2026-03-29T10:00:00Z'), timeZone: 'Asia/Beirut' });
    expect(explanation).toBe('created 2026-03-29 01:00 \u2013 2026-03-30 (today, Asia/Beirut)');
  });

  it('starts a day whose midnight happens twice at the first midnight (Havana falls back 01:00 → 00:00)', () => {
    // 2026-11-01: 00:00 CDT (04:00Z), then at 01:00 CDT the clocks go back to 00:00 CST (05:00Z).
    expect(bounds('today', '2026-11-01T15:00:00Z', 'America/Havana')).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    expect(bounds('yesterday', '2026-11-01T15:00:00Z', 'America/Havana')).toEqual(['2026-10-31T04:00:00.000Z', '2026-11-01T04:00:00.000Z']);
  });

  it('keeps calendar spans whole across a 30-minute shift: "this week" and "on Oct 4" in Lord Howe', () => {
    expect(bounds('this week', '2026-10-04T05:00:00Z', 'Australia/Lord_Howe')).toEqual(['2026-09-27T13:30:00.000Z', '2026-10-04T13:00:00.000Z']);
    expect(bounds('on Oct 4 2026', '2026-11-27T05:00:00Z', 'Australia/Lord_Howe')).toEqual(['2026-10-03T13:30:00.000Z', '2026-10-04T13:00:00.000Z']);
  });
});
