import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

// Friday 2026-11-27 15:00 UTC: 10:00 in New York, already Saturday 00:00 in Tokyo.
const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (text: string, timeZone = 'UTC', now = NOW) => parseQuery(text, { now, timeZone });
const time = (from?: string, to?: string): FilterNode => ({
  kind: 'time',
  ...(from ? { from: new Date(from) } : {}),
  ...(to ? { to: new Date(to) } : {}),
});

describe('times of day: today at that time, in the caller\'s time zone', () => {
  it.each([
    ['since 9am', time('2026-11-27T09:00:00Z')],
    ['since 9 am', time('2026-11-27T09:00:00Z')],
    ['since 9a.m.', time('2026-11-27T09:00:00Z')],
    ['since 9:30am', time('2026-11-27T09:30:00Z')],
    ['since 14:30', time('2026-11-27T14:30:00Z')],
    ['since 09:05', time('2026-11-27T09:05:00Z')],
    ['since 12pm', time('2026-11-27T12:00:00Z')],
    ['since 12am', time('2026-11-27T00:00:00Z')],
    ['since noon', time('2026-11-27T12:00:00Z')],
    ['since midnight', time('2026-11-27T00:00:00Z')],
    ['after 9am', time('2026-11-27T09:00:00Z')],
    ['from 9am', time('2026-11-27T09:00:00Z')],
    ['before 9am', time(undefined, '2026-11-27T09:00:00Z')],
    ['until 14:30', time(undefined, '2026-11-27T14:30:00Z')],
    // With its day, before or after it.
    ['since yesterday 9am', time('2026-11-26T09:00:00Z')],
    ['since yesterday at 9am', time('2026-11-26T09:00:00Z')],
    ['since 9am yesterday', time('2026-11-26T09:00:00Z')],
    ['since monday 17:00', time('2026-11-23T17:00:00Z')],
    ['since 9am on monday', time('2026-11-23T09:00:00Z')],
    // The second time of a range is on the first one's day (the next day when it would come before it).
    ['since 9am until 11am', time('2026-11-27T09:00:00Z', '2026-11-27T11:00:00Z')],
    ['between 9am and 11:30', time('2026-11-27T09:00:00Z', '2026-11-27T11:30:00Z')],
    ['from 8am to 2pm', time('2026-11-27T08:00:00Z', '2026-11-27T14:00:00Z')],
    ['since yesterday 22:00 until 2am', time('2026-11-26T22:00:00Z', '2026-11-27T02:00:00Z')],
  ])('%s', (query, filter) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  it('explains the instant and how it was written', () => {
    expect(parse('failed runs since 9am').explanation).toBe('status is failed AND created since 2026-11-27 09:00 (since 9am, UTC)');
    expect(parse('since 9am', 'America/New_York').explanation).toBe('created since 2026-11-27 09:00 (since 9am, America/New_York)');
  });

  it('reads a time still to come today as yesterday\'s, and says so', () => {
    const parsed = parse('since 4pm');
    expect(parsed.filter).toEqual(time('2026-11-26T16:00:00Z'));
    expect(parsed.warnings).toEqual(['"4pm" has not come yet today, so it means yesterday at 4pm']);
    expect(parsed.explanation).toBe('created since 2026-11-26 16:00 (since 4pm, UTC)');
    // A range starting then keeps its second time on that day.
    expect(parse('from 10pm to 2am').filter).toEqual(time('2026-11-26T22:00:00Z', '2026-11-27T02:00:00Z'));
    // A time with its day is that day's, come or not.
    expect(parse('since today 4pm').warnings).toEqual([]);
    expect(parse('since today 4pm').filter).toEqual(time('2026-11-27T16:00:00Z'));
  });

  it.each([
    // 10:00 in New York.
    ['since 9am', 'America/New_York', time('2026-11-27T14:00:00Z'), []],
    ['since 11am', 'America/New_York', time('2026-11-26T16:00:00Z'), ['"11am" has not come yet today, so it means yesterday at 11am']],
    // Saturday 00:00 in Tokyo: 9am has not come yet.
    ['since 9am', 'Asia/Tokyo', time('2026-11-27T00:00:00Z'), ['"9am" has not come yet today, so it means yesterday at 9am']],
    ['since yesterday 9am', 'Asia/Tokyo', time('2026-11-27T00:00:00Z'), []],
    ['since midnight', 'Asia/Tokyo', time('2026-11-27T15:00:00Z'), []],
  ])('%s in %s', (query, zone, filter, warnings) => {
    const parsed = parse(query, zone);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual(warnings);
  });

  it('follows the zone\'s DST rules: a repeated time is the earlier one, a skipped time moves forward by the gap', () => {
    // New York falls back at 02:00 EDT on 2026-11-01, so 01:30 happens twice; the first is 05:30 UTC.
    expect(parse('since 1:30am', 'America/New_York', new Date('2026-11-01T12:00:00Z')).filter).toEqual(time('2026-11-01T05:30:00Z'));
    // New York springs forward at 02:00 EST on 2026-03-08, so 02:30 never happens; it is read as 03:30 EDT.
    expect(parse('since 2:30am', 'America/New_York', new Date('2026-03-08T15:00:00Z')).filter).toEqual(time('2026-03-08T07:30:00Z'));
  });

  it.each(['since 25:00', 'since 13pm', 'since 9:75', 'since 0am', 'since 9'])('"%s" is no time: reported, and searched as text', (query) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual({ kind: 'text', text: query.slice('since '.length) });
    expect(parsed.warnings[0]).toBe('ignored "since": no date after it that could be understood');
  });

  it('leaves a time of day without an edge word alone', () => {
    expect(parse('9am').filter).toEqual({ kind: 'text', text: '9am' });
  });
});

describe('a time of day with its time zone written after it', () => {
  // 15:00 UTC is 16:00 in Berlin and 10:00 in New York.
  it.each([
    ['since 9am UTC', 'Europe/Berlin', time('2026-11-27T09:00:00Z')],
    ['since 9am utc', 'America/New_York', time('2026-11-27T09:00:00Z')],
    ['since 9am GMT', 'Asia/Tokyo', time('2026-11-27T09:00:00Z')],
    ['since 9:00 Z', 'Europe/Berlin', time('2026-11-27T09:00:00Z')],
    ['since 09:00Z', 'Europe/Berlin', time('2026-11-27T09:00:00Z')],
    ['since 9am UTC+2', 'America/New_York', time('2026-11-27T07:00:00Z')],
    ['since 9am gmt-05:30', 'Europe/Berlin', time('2026-11-27T14:30:00Z')],
    ['since 9am +02:00', 'America/New_York', time('2026-11-27T07:00:00Z')],
    ['since 9am -0500', 'Europe/Berlin', time('2026-11-27T14:00:00Z')],
    ['since 9am +00:00', 'Europe/Berlin', time('2026-11-27T09:00:00Z')],
    // With its day, before or after it: both the written zone's (Berlin and UTC share the day here).
    ['since yesterday 9am UTC', 'Europe/Berlin', time('2026-11-26T09:00:00Z')],
    ['since 9am UTC yesterday', 'Europe/Berlin', time('2026-11-26T09:00:00Z')],
    // Both ends of a range.
    ['between 9am UTC and 11am UTC', 'Asia/Tokyo', time('2026-11-27T09:00:00Z', '2026-11-27T11:00:00Z')],
  ])('%s (caller in %s)', (query, zone, filter) => {
    const parsed = parse(query, zone);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  it('reads "today" where the time was written: 9am UTC has come in UTC though not yet in Tokyo', () => {
    // Saturday 00:00 in Tokyo, still Friday 15:00 in UTC: "9am" alone is Tokyo's Friday 9am, "9am UTC" is today's in UTC.
    expect(parse('since 9am', 'Asia/Tokyo').filter).toEqual(time('2026-11-27T00:00:00Z'));
    expect(parse('since 9am UTC', 'Asia/Tokyo').filter).toEqual(time('2026-11-27T09:00:00Z'));
    expect(parse('since 4pm UTC', 'Asia/Tokyo').warnings).toEqual(['"4pm UTC" has not come yet today, so it means yesterday at 4pm UTC']);
  });

  it.each([
    // A zone written once in a range is the zone of both times.
    ['between 9am and 5pm UTC', 'America/Los_Angeles', time('2026-11-27T09:00:00Z', '2026-11-27T17:00:00Z')],
    ['since 9am until 5pm UTC', 'America/Los_Angeles', time('2026-11-27T09:00:00Z', '2026-11-27T17:00:00Z')],
    ['between 9am UTC and 5pm', 'America/Los_Angeles', time('2026-11-27T09:00:00Z', '2026-11-27T17:00:00Z')],
    ['from 8am to 2pm +02:00', 'Asia/Tokyo', time('2026-11-27T06:00:00Z', '2026-11-27T12:00:00Z')],
    ['between yesterday 9am and 5pm UTC', 'Asia/Tokyo', time('2026-11-26T09:00:00Z', '2026-11-26T17:00:00Z')],
    // Day words are the written zone's too: Saturday has begun in Tokyo, not in UTC.
    ['since today 9am UTC', 'Asia/Tokyo', time('2026-11-27T09:00:00Z')],
    ['since yesterday 9am UTC', 'Asia/Tokyo', time('2026-11-26T09:00:00Z')],
    ['since 9am UTC yesterday', 'Asia/Tokyo', time('2026-11-26T09:00:00Z')],
  ])('%s (caller in %s): one zone for the whole phrase', (query, zone, filter) => {
    const parsed = parse(query, zone);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  // A date with its time and then the zone: chrono reads the date and time, and left the Z (or "UTC+2") to be searched
  // as text; "2026-11-27 09:00Z" was no date at all.
  it.each([
    ['since 2026-11-27 09:00 Z', 'America/Los_Angeles', time('2026-11-27T09:00:00Z')],
    ['since 2026-11-27 09:00Z', 'America/Los_Angeles', time('2026-11-27T09:00:00Z')],
    ['since 2026-11-27 09:00:30Z', 'Asia/Tokyo', time('2026-11-27T09:00:30Z')],
    ['since Nov 27 09:00Z', 'Europe/Berlin', time('2026-11-27T09:00:00Z')],
    ['since 2026-11-27 09:00 UTC+2', 'America/Los_Angeles', time('2026-11-27T07:00:00Z')],
    ['since Nov 27 9am gmt-05:30', 'Asia/Tokyo', time('2026-11-27T14:30:00Z')],
    ['since 2026-11-27 09:00 -0500', 'Europe/Berlin', time('2026-11-27T14:00:00Z')],
    ['before 2026-11-26 09:00 z', 'Asia/Tokyo', time(undefined, '2026-11-26T09:00:00Z')],
    // chrono read an offset after a dated time as the end of a range (9am to 5am).
    ['since Nov 27 9am -05:00', 'Europe/Berlin', time('2026-11-27T14:00:00Z')],
    ['since 2026-11-27 09:00 +02:00', 'America/Los_Angeles', time('2026-11-27T07:00:00Z')],
    ['since Nov 27 9am UTC', 'Europe/Berlin', time('2026-11-27T09:00:00Z')],
  ])('%s (caller in %s): a date, its time, then the zone', (query, zone, filter) => {
    const parsed = parse(query, zone);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  it.each([
    // The Z of an ISO time at the start of a range stays that time's (chrono reads it itself).
    ['from 2026-11-27T09:00Z to 2026-11-27T17:00', 'America/Los_Angeles', time('2026-11-27T09:00:00Z', '2026-11-28T02:00:00Z')],
    ['2026-11-27T09:00Z to 2026-11-27T17:00+02:00', 'America/Los_Angeles', time('2026-11-27T09:00:00Z', '2026-11-27T16:00:00Z')],
    ['since 2026-11-20T09:00Z until 2026-11-21T09:00', 'Europe/Berlin', time('2026-11-20T09:00:00Z', '2026-11-21T09:00:00Z')],
    // A zone written after one dated time of a range is the other's too (each is the hour it names).
    ['between 2026-11-27 09:00 and 2026-11-27 17:00 Z', 'Europe/Berlin', time('2026-11-27T09:00:00Z', '2026-11-27T18:00:00Z')],
    ['from 2026-11-27 09:00 Z to 2026-11-27 10:00', 'Europe/Berlin', time('2026-11-27T09:00:00Z', '2026-11-27T11:00:00Z')],
  ])('%s (caller in %s): ranges of dated times keep their zones', (query, zone, filter) => {
    const parsed = parse(query, zone);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  // chrono read these with its own US-centric table (EST as UTC-5, IST as India's), where after a time alone they are
  // searched as text: several zones share each of them.
  it.each(['since Nov 27 9am EST', 'since 2026-11-27 09:00 IST', 'since Nov 27 9am (PST)', 'since Nov 27 9am, CET'])('"%s": an abbreviation after a dated time is searched as text too', (query) => {
    const parsed = parse(query, 'Europe/Berlin');
    expect(parsed.filter).toMatchObject({ kind: 'and', children: [time('2026-11-27T08:00:00Z'), { kind: 'text' }] });
  });

  it.each([
    ['since 2026-11-27 Z', 'a date without a time has no zone to take'],
    ['since 2026-11-27 09:00 zebra', 'a word that begins with z is not a zone'],
  ])('"%s": the word after it is searched as text (%s)', (query) => {
    const parsed = parse(query, 'Europe/Berlin');
    expect(parsed.filter).toMatchObject({ kind: 'and', children: [{ kind: 'time' }, { kind: 'text' }] });
  });

  it('explains the instant in the caller\'s zone and shows the time as written', () => {
    expect(parse('since 9am UTC', 'Europe/Berlin').explanation).toBe('created since 2026-11-27 10:00 (since 9am UTC, Europe/Berlin)');
  });

  it.each(['since 9am CET', 'since 9am +2', 'since 9am UTC+15', 'since 9am +02:75'])('"%s": no zone it can be sure of, so the rest is searched as text', (query) => {
    const parsed = parse(query, 'Europe/Berlin');
    expect(parsed.filter).toMatchObject({ kind: 'and', children: [time('2026-11-27T08:00:00Z'), { kind: 'text' }] });
  });
});

