import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

type TimeNode = Extract<FilterNode, { kind: 'time' }>;

const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (query: string, timeZone = 'UTC') => parseQuery(query, { now: NOW, timeZone });
const edge = (query: string, side: 'from' | 'to', timeZone?: string) => (parse(query, timeZone).filter as TimeNode)[side]?.toISOString();

// "since …T00:00:00.001Z" filtered from …00:00:00.000Z (a run made at .000 matched) and "before …T23:59:59.999Z" before
// 23:59:59.000Z; the explanation showed minutes only, and the same text for 01:30 BST and 01:30 GMT.
describe('times written to the second or millisecond, or with an offset', () => {
  it('keeps the milliseconds of an explicit time', () => {
    expect(edge('since 2026-03-29T00:00:00.001Z', 'from')).toBe('2026-03-29T00:00:00.001Z');
    expect(edge('before 2026-03-28T23:59:59.999Z', 'to')).toBe('2026-03-28T23:59:59.999Z');
    expect(edge('since 2026-03-29T09:00:30.250', 'from', 'Europe/Berlin')).toBe('2026-03-29T07:00:30.250Z');
  });

  it('shows the seconds and milliseconds it filters by', () => {
    expect(parse('since 2026-03-29T00:00:00.001Z').explanation).toBe(
      'created since 2026-03-29 00:00:00.001 +00:00 (since 2026-03-29T00:00:00.001Z, UTC)',
    );
    expect(parse('since 2026-03-29T09:00:30').explanation).toBe('created since 2026-03-29 09:00:30 (since 2026-03-29T09:00:30, UTC)');
  });

  it('shows the offset of a time written with one, and of a time the clocks show twice', () => {
    expect(parse('since 2026-10-25T01:30:00+01:00', 'Europe/London').explanation).toBe(
      'created since 2026-10-25 01:30 +01:00 (since 2026-10-25T01:30:00+01:00, Europe/London)',
    );
    expect(parse('since 2026-10-25T01:30:00+00:00', 'Europe/London').explanation).toBe(
      'created since 2026-10-25 01:30 +00:00 (since 2026-10-25T01:30:00+00:00, Europe/London)',
    );
    expect(parse('since 2026-10-25T01:30', 'Europe/London').explanation).toBe('created since 2026-10-25 01:30 +01:00 (since 2026-10-25T01:30, Europe/London)');
  });
});
