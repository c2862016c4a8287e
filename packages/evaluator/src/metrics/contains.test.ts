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
  });

  it('matches unicode across normalisation forms and cases', () => {
    expect(score('Un café, s’il vous plaît', 'Cafe\u0301')).toBe(true);
    expect(score('我喜欢北京', '北京')).toBe(true);
    expect(score('Great job 👍🏽!', '👍🏽')).toBe(true);
    expect(score('ÉTÉ', 'été')).toBe(true);
  });

  it('reads a null output as empty text', () => {
    expect(score(null, 'x')).toBe(false);
    expect(score(undefined, 'x')).toBe(false);
  });

  it('throws when the item has no expected value', () => {
    expect(() => score('x', null)).toThrow(/no expected value/);
    expect(() => score('x', undefined)).toThrow(TypeError);
  });

  it('throws, naming what was given, when the expected value has nothing to look for', () => {
    const any = createContains({ mode: 'any' });
    expect(() => score('anything', '')).toThrow(/no expected value.*got ""/);
    expect(() => score('', '')).toThrow(TypeError);
    expect(() => score('anything', [])).toThrow(/no expected value.*got \[\]/);
    expect(() => score('anything', [], any)).toThrow(TypeError);
    expect(() => score('anything', ['', null])).toThrow(/no expected value.*got \["",null\]/);
    expect(() => score('anything', [undefined, ''], any)).toThrow(TypeError);
  });

  it('ignores empty strings and nulls among other expected texts', () => {
    const any = createContains({ mode: 'any' });
    expect(score('red green', ['red', ''])).toBe(true);
    expect(score('red green', ['pink', ''], any)).toBe(false);
    expect(score('red green', ['pink', null], any)).toBe(false);
    expect(score('red green', ['pink', 'green', ''], any)).toBe(true);
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
