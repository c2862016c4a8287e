import { parseQuery } from './parse-query';

const parse = (text: string) => parseQuery(text, { now: new Date('2026-11-27T15:00:00Z'), timeZone: 'UTC' });

// "success rate > 150%" was accepted without a word, and matched no run; "accuracy > 90" on 0..1 scores is warned about.
describe('a success or error rate beyond 100%', () => {
  it.each<[string, string[]]>([
    ['success rate > 150%', ['no run has a success rate above 100%, so "success rate > 150%" matches no run']],
    ['success rate >= 101%', ['no run has a success rate above 100%, so "success rate >= 101%" matches no run']],
    ['success rate > 150', ['read 150 as 150%', 'no run has a success rate above 100%, so "success rate > 150%" matches no run']],
    ['error rate < 200%', ['no run has an error rate above 100%, so "error rate < 200%" matches every run with an error rate']],
  ])('%s', (query, warnings) => {
    expect(parse(query).warnings).toEqual(warnings);
  });

  it.each(['success rate > 100%', 'success rate > 0.9', 'success rate > 90', 'error rate <= 100%'])('%s needs no such warning', (query) => {
    expect(parse(query).warnings.filter((w) => w.includes('above 100%'))).toEqual([]);
  });
});
