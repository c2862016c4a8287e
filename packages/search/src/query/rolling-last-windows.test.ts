import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

// A Friday afternoon in UTC, 10 minutes and 30 seconds past the hour.
const NOW = new Date('2026-11-27T15:10:30Z');
const parse = (text: string) => parseQuery(text, { now: NOW, timeZone: 'UTC' });
const time = (from: string, to: string): FilterNode => ({ kind: 'time', from: new Date(from), to: new Date(to) });
const NOW_ISO = NOW.toISOString();

describe('"last hour", "in the last day": rolling windows ending now', () => {
  // At 15:10 "last hour" was read as 14:00–15:00, so a run made minutes ago was not found; "in the last day" was yesterday.
  it.each<[string, FilterNode]>([
    ['last hour', time('2026-11-27T14:10:30Z', NOW_ISO)],
    ['in the last hour', time('2026-11-27T14:10:30Z', NOW_ISO)],
    ['within the last hour', time('2026-11-27T14:10:30Z', NOW_ISO)],
    ['within last hour', time('2026-11-27T14:10:30Z', NOW_ISO)],
    ['last minute', time('2026-11-27T15:09:30Z', NOW_ISO)],
    ['last day', time('2026-11-26T15:10:30Z', NOW_ISO)],
    ['in the last day', time('2026-11-26T15:10:30Z', NOW_ISO)],
    ['in the last week', time('2026-11-20T15:10:30Z', NOW_ISO)],
    ['within the last week', time('2026-11-20T15:10:30Z', NOW_ISO)],
    ['during the last month', time('2026-10-27T15:10:30Z', NOW_ISO)],
    ['over the last month', time('2026-10-27T15:10:30Z', NOW_ISO)],
    ['for the last year', time('2025-11-27T15:10:30Z', NOW_ISO)],
    ['from the last quarter', time('2026-08-27T15:10:30Z', NOW_ISO)],
  ])('%s', (query, filter) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual([]);
  });

  it.each<[string, FilterNode]>([
    ['last week', time('2026-11-16T00:00:00Z', '2026-11-23T00:00:00Z')],
    ['from last week', time('2026-11-16T00:00:00Z', '2026-11-23T00:00:00Z')],
    ['last month', time('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z')],
    ['in last month', time('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z')],
    ['last year', time('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z')],
    ['yesterday', time('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z')],
    ['previous day', time('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z')],
    ['previous hour', time('2026-11-27T14:00:00Z', '2026-11-27T15:00:00Z')],
  ])('%s keeps its calendar reading', (query, filter) => {
    expect(parse(query).filter).toEqual(filter);
  });

  it('says in the explanation which window it is', () => {
    expect(parse('last hour').explanation).toBe('created 2026-11-27 14:10 \u2013 2026-11-27 15:10 (last hour, UTC)');
    // "the last week" is the rolling one, so the explanation keeps "the", unlike the calendar "last week".
    expect(parse('failed runs in the last week').explanation).toBe(
      'status is failed AND created 2026-11-20 15:10 \u2013 2026-11-27 15:10 (the last week, UTC)',
    );
    expect(parse("the last week's failed runs").explanation).toBe(
      'created 2026-11-20 15:10 \u2013 2026-11-27 15:10 (the last week, UTC) AND status is failed',
    );
  });
});
