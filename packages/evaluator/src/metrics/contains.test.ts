import { ConfigError } from '../errors';
import { createContains } from './contains';
import { testContext } from './test-context';

const context = testContext();
const contains = createContains();
const score = (output: unknown, expected: unknown, metric = contains) => metric(output, expected, undefined, context);

describe('contains', () => {
  it('finds the expected text case-insensitively by default', () => {
    expect(score('The capital is Paris.', 'paris')).toBe(true);
    expect(score('The capital is Lyon.', 'Paris')).toBe(false);
    expect(score('The capital is Paris.', 'paris', createContains({ caseSensitive: true }))).toBe(false);
  });

  it('requires all of an array by default, or any with mode: any', () => {
    expect(score('red green blue', ['red', 'BLUE'])).toBe(true);
    expect(score('red green blue', ['red', 'pink'])).toBe(false);
    expect(score('red green blue', ['red', 'pink'], createContains({ mode: 'any' }))).toBe(true);
    expect(score('red', [], createContains({ mode: 'all' }))).toBe(true);
    expect(score('red', [], createContains({ mode: 'any' }))).toBe(false);
  });

  it('matches unicode across normalisation forms and cases', () => {
    expect(score('Un café, s’il vous plaît', 'Cafe\u0301')).toBe(true);
    expect(score('我喜欢北京', '北京')).toBe(true);
    expect(score('Great job 👍🏽!', '👍🏽')).toBe(true);
    expect(score('ÉTÉ', 'été')).toBe(true);
  });

  it('treats an empty expected string as contained and null output as empty', () => {
    expect(score('anything', '')).toBe(true);
    expect(score('', '')).toBe(true);
    expect(score(null, 'x')).toBe(false);
    expect(score(undefined, '')).toBe(true);
  });

  it('throws when the item has no expected value', () => {
    expect(() => score('x', null)).toThrow(/no expected value/);
    expect(() => score('x', undefined)).toThrow(TypeError);
  });

  it('reads numbers and objects as text', () => {
    expect(score(12345, 234)).toBe(true);
    expect(score({ answer: 'yes' }, '"answer":"yes"')).toBe(true);
    expect(score('value 3', [3, 'value'])).toBe(true);
  });

  it('searches very long strings', () => {
    expect(score(`${'a'.repeat(20_000)}needle`, 'NEEDLE')).toBe(true);
  });

  it('rejects an unknown mode', () => {
    expect(() => createContains({ mode: 'some' as 'any' })).toThrow(ConfigError);
  });
});
