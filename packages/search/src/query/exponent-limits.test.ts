import { parseQuery } from './parse-query';

const parse = (text: string) => parseQuery(text, { now: new Date('2026-11-27T15:00:00Z'), timeZone: 'UTC' });

// "top 1e3 by exact_match" searched the text "1e3" and read "by exact_match" as created by exact_match.
describe('a limit written with an exponent', () => {
  it('reads "top 1e3 by exact_match" as top 1000', () => {
    const parsed = parse('top 1e3 by exact_match');
    expect(parsed.filter).toBeNull();
    expect(parsed.sort).toEqual({ field: 'metric', metric: 'exact_match', direction: 'desc' });
    expect(parsed.limit).toBe(1000);
    expect(parsed.warnings).toEqual([]);
  });

  it('caps "latest 1e6" as "latest 1000000"', () => {
    const parsed = parse('latest 1e6');
    expect(parsed.limit).toBe(1000);
    expect(parsed.warnings).toEqual(['limit 1000000 capped at 1000']);
  });

  it('says so of a limit that is no whole number', () => {
    const parsed = parse('top 1.5 by exact_match');
    expect(parsed.limit).toBeUndefined();
    expect(parsed.warnings).toContain('ignored limit 1.5: a limit is a whole number of runs');
  });
});
