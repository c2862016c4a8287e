import { createExactMatch } from './exact-match';
import { testContext } from './test-context';

const context = testContext();
const exactMatch = createExactMatch();
const score = (output: unknown, expected: unknown, metric = exactMatch) => metric(output, expected, undefined, context);

describe('exact_match', () => {
  it('returns 1 for the same text after trimming and 0 otherwise', () => {
    expect(score('Paris', 'Paris')).toBe(1);
    expect(score('  Paris\n', 'Paris')).toBe(1);
    expect(score('Paris.', 'Paris')).toBe(0);
    expect(score('paris', 'Paris')).toBe(0);
  });

  it('honours ignoreCase and trim: false', () => {
    expect(score('paris', 'PARIS', createExactMatch({ ignoreCase: true }))).toBe(1);
    expect(score(' Paris', 'Paris', createExactMatch({ trim: false }))).toBe(0);
  });

  it('compares unicode in NFC: accents, CJK, emoji', () => {
    expect(score('Cafe\u0301', 'Café')).toBe(1);
    expect(score('東京', '東京')).toBe(1);
    expect(score('👍🏽', '👍🏽')).toBe(1);
    expect(score('👍🏽', '👍')).toBe(0);
    expect(score('ÉCOLE', 'école', createExactMatch({ ignoreCase: true }))).toBe(1);
  });

  it('reads empty, null and undefined as the empty string', () => {
    expect(score('', '')).toBe(1);
    expect(score(null, undefined)).toBe(1);
    expect(score('  ', null)).toBe(1);
    expect(score('x', undefined)).toBe(0);
  });

  it('compares numbers and objects by their text', () => {
    expect(score(42, '42')).toBe(1);
    expect(score(42, 42.0)).toBe(1);
    expect(score({ a: 1 }, { a: 1 })).toBe(1);
    expect(score({ a: 1 }, '{"a":1}')).toBe(1);
    expect(score(true, 'true')).toBe(1);
  });

  it('compares very long strings', () => {
    const long = 'é'.repeat(20_000);
    expect(score(long, long)).toBe(1);
    expect(score(long, `${long}x`)).toBe(0);
  });

  it('tells apart values that JSON cannot hold (bigints, maps, sets, circular objects)', () => {
    expect(score({ x: 1n }, { x: 2n })).toBe(0);
    expect(score({ x: 1n }, { x: 1n })).toBe(1);
    expect(score(new Map([['a', 1]]), new Map([['b', 2]]))).toBe(0);
    expect(score(new Map([['a', 1]]), new Map([['a', 1]]))).toBe(1);
    expect(score(new Map([['a', 1]]), '{}')).toBe(0);
    expect(score(new Set([1]), new Set([2]))).toBe(0);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(score(circular, '[object Object]')).toBe(0);
  });
});
