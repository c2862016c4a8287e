import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

type TimeNode = Extract<FilterNode, { kind: 'time' }>;

// 01:10 GMT on 2026-10-25: London's clocks went back from 02:00 BST to 01:00 GMT at 01:00Z, so 01:10 has already happened
// once (00:10Z, BST). Minute and hour windows were taken from the wall clock, whose 01:10 was read as the first one.
const LONDON_NOW = new Date('2026-10-25T01:10:00Z');
const parse = (query: string, now = LONDON_NOW, timeZone = 'Europe/London') => parseQuery(query, { now, timeZone });
const bounds = (query: string, now?: Date, timeZone?: string) => {
  const node = parse(query, now, timeZone).filter as TimeNode;
  expect(node.kind).toBe('time');
  return [node.from?.toISOString(), node.to?.toISOString()];
};

describe('minute and hour windows in the hour the clocks repeat', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['last minute', '2026-10-25T01:09:00.000Z', '2026-10-25T01:10:00.000Z'],
    ['in the last 30 minutes', '2026-10-25T00:40:00.000Z', '2026-10-25T01:10:00.000Z'],
    ['last hour', '2026-10-25T00:10:00.000Z', '2026-10-25T01:10:00.000Z'],
    ['past 2 hours', '2026-10-24T23:10:00.000Z', '2026-10-25T01:10:00.000Z'],
    ['next 2 hours', '2026-10-25T01:10:00.000Z', '2026-10-25T03:10:00.000Z'],
    ['more than 2 hours ago', undefined, '2026-10-24T23:10:00.000Z'],
    ['less than 90 minutes ago', '2026-10-24T23:40:00.000Z', '2026-10-25T01:10:00.000Z'],
    ['within 1 hour', '2026-10-25T00:10:00.000Z', '2026-10-25T01:10:00.000Z'],
    ['2 hours ago', '2026-10-24T23:10:00.000Z', '2026-10-25T00:10:00.000Z'],
    ['this hour', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z'],
    ['previous hour', '2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z'],
  ])('%s is elapsed time from now', (query, from, to) => {
    expect(bounds(query)).toEqual([from, to]);
  });

  it('keeps days calendar-based: "last day" starts at 01:10 the day before (BST)', () => {
    expect(bounds('last day')).toEqual(['2026-10-24T00:10:00.000Z', '2026-10-25T01:10:00.000Z']);
    expect(bounds('today')).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z']);
  });

  it('finds "within 0 days" empty, as it is at any other time', () => {
    expect(parse('within 0 days')).toMatchObject({ filter: null, warnings: ['ignored "within 0 days": the time window is empty'] });
  });

  it('does the same in Los Angeles (01:30 PST, after 01:30 PDT)', () => {
    const now = new Date('2026-11-01T09:30:00Z');
    expect(bounds('last hour', now, 'America/Los_Angeles')).toEqual(['2026-11-01T08:30:00.000Z', '2026-11-01T09:30:00.000Z']);
    expect(bounds('next 2 hours', now, 'America/Los_Angeles')).toEqual(['2026-11-01T09:30:00.000Z', '2026-11-01T11:30:00.000Z']);
  });

  it('tells the two 01:10s apart in the explanation by their offsets', () => {
    expect(parse('last hour').explanation).toBe('created 2026-10-25 01:10 +01:00 \u2013 2026-10-25 01:10 +00:00 (last hour, Europe/London)');
  });
});
