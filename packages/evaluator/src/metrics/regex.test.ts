import { ConfigError } from '../errors';
import { createRegex } from './regex';
import { testContext } from './test-context';

const context = testContext();
const regex = createRegex();
const score = (output: unknown, expected: unknown, metric = regex) => metric(output, expected, undefined, context);

describe('regex', () => {
  it('uses the item expected value as the pattern', () => {
    expect(score('Order #123', '#\\d+')).toBe(true);
    expect(score('Order #abc', '#\\d+$')).toBe(false);
    expect(score('HELLO', /hello/i)).toBe(true);
  });

  it('prefers options.pattern and applies flags', () => {
    const metric = createRegex({ pattern: '^yes$', flags: 'i' });
    expect(score('YES', 'ignored', metric)).toBe(true);
    expect(score('no', 'no', metric)).toBe(false);
    expect(score('Yes', undefined, createRegex({ pattern: /^yes$/, flags: 'i' }))).toBe(true);
  });

  it('gives the same answer every time with a global pattern', () => {
    const metric = createRegex({ pattern: /a/g });
    expect([score('a', null, metric), score('a', null, metric), score('a', null, metric)]).toEqual([true, true, true]);
  });

  it('matches unicode: accents, CJK and, with the u flag, astral characters as one', () => {
    expect(score('café', 'caf\u00e9')).toBe(true);
    expect(score('東京タワー', '^東京')).toBe(true);
    expect(score('😀', '^.$')).toBe(false);
    expect(score('😀', undefined, createRegex({ pattern: '^.$', flags: 'u' }))).toBe(true);
    expect(score('naïve', undefined, createRegex({ pattern: '^\\p{L}+$', flags: 'u' }))).toBe(true);
  });

  it('reads empty and null output as empty text', () => {
    expect(score('', '^$')).toBe(true);
    expect(score(null, '^$')).toBe(true);
    expect(score(undefined, '.')).toBe(false);
    expect(score('anything', '')).toBe(true);
  });

  it('matches numbers and objects by their text', () => {
    expect(score(3.14, '^\\d\\.\\d+$')).toBe(true);
    expect(score({ ok: true }, '"ok":true')).toBe(true);
  });

  it('throws a clear error for an invalid or missing pattern', () => {
    expect(() => score('x', '(')).toThrow(/invalid pattern "\(":/);
    expect(() => createRegex({ pattern: '[' })).toThrow(ConfigError);
    expect(() => score('x', null)).toThrow(/no pattern/);
    expect(() => score('x', 5)).toThrow(TypeError);
  });

  it('matches very long strings', () => {
    expect(score(`${'x'.repeat(20_000)}END`, 'END$')).toBe(true);
  });
});
