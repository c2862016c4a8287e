import { parseQuery } from './parse-query';

// "last 0 days" was ignored with a warning only when "now" fell on a whole second: with 09:00:00.500 it became the
// half-second window from 09:00:00.000, because the window's start was cut to whole seconds and "now" was not.
describe('windows of no length, with a "now" that has milliseconds', () => {
  const now = new Date('2026-11-27T09:00:00.500Z');

  it.each(['last 0 days', 'past 0 hours', 'within 0 days', 'less than 0 hours ago', 'newer than 0 minutes'])('%s is ignored with a warning', (text) => {
    const parsed = parseQuery(text, { now });
    expect(parsed.filter).toBeNull();
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toMatch(/^ignored ".*": /);
  });

  it('a rolling window ends now and starts exactly its length before it', () => {
    expect(parseQuery('last 3 days', { now }).filter).toEqual({ kind: 'time', from: new Date('2026-11-24T09:00:00.500Z'), to: now });
    expect(parseQuery('within 2 hours', { now }).filter).toEqual({ kind: 'time', from: new Date('2026-11-27T07:00:00.500Z'), to: now });
    expect(parseQuery('older than 1 day', { now }).filter).toEqual({ kind: 'time', to: new Date('2026-11-26T09:00:00.500Z') });
  });
});
