import { createFuzzyMatch } from './fuzzy-match';
import { testContext } from './test-context';

const context = testContext();
const fuzzy = createFuzzyMatch();
const score = (output: unknown, expected: unknown, metric = fuzzy) => metric(output, expected, undefined, context);

describe('fuzzy_match', () => {
  it('is 1 - distance / longer length', () => {
    expect(score('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 12);
    expect(score('same', 'same')).toBe(1);
    expect(score('abc', 'xyz')).toBe(0);
  });

  it('ignores case by default, not with ignoreCase: false', () => {
    expect(score('HELLO', 'hello')).toBe(1);
    expect(score('HELLO', 'hello', createFuzzyMatch({ ignoreCase: false }))).toBe(0);
  });

  it('counts code points after NFC: accents, CJK, emoji', () => {
    expect(score('😀a', '😀b')).toBe(0.5);
    expect(score('Cafe\u0301', 'café')).toBe(1);
    expect(score('cafe', 'café')).toBe(0.75);
    expect(score('東京都', '京都')).toBeCloseTo(2 / 3, 12);
    expect(score('👍🏽', '👍')).toBe(0.5);
  });

  it('is 1 for two empty values and 0 against an empty value', () => {
    expect(score('', '')).toBe(1);
    expect(score(null, undefined)).toBe(1);
    expect(score('abc', null)).toBe(0);
    expect(score(undefined, 'abc')).toBe(0);
  });

  it('compares numbers and objects by their text', () => {
    expect(score(1234, '1235')).toBe(0.75);
    expect(score({ a: 1 }, '{"a":1}')).toBe(1);
  });

  it('scores very long strings', () => {
    const a = 'x'.repeat(20_000);
    expect(score(a, `${a.slice(1)}y`)).toBeCloseTo(1 - 1 / 20_000, 12);
    expect(score('😀'.repeat(20_000), '😀'.repeat(10_000))).toBe(0.5);
  });

  it('scores a 5-million-character output holding an emoji or a lone surrogate against a short expected value', () => {
    const long = 'a'.repeat(4_999_998);
    // 5,000,000 code points, of which only the "x" matches.
    expect(score(`x${long}😀`, 'x')).toBeCloseTo(1 / 5_000_000, 15);
    expect(score(`${long}\uD800x`, 'X')).toBeCloseTo(1 / 5_000_000, 15);
    expect(score(`${long}😀`, '')).toBe(0);
  });

  it('tells apart values that JSON cannot hold (sets, maps, bigints, circular objects)', () => {
    expect(score(new Set([1]), new Set([2]))).toBeLessThan(1);
    expect(score(new Map([['a', 1]]), new Map([['b', 2]]))).toBeLessThan(1);
    expect(score({ x: 1n }, { x: 2n })).toBeLessThan(1);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(score(circular, '[object Object]')).toBeLessThan(1);
  });
});
