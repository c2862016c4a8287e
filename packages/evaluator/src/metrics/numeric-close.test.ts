import { ConfigError } from '../errors';
import { createNumericClose } from './numeric-close';
import { testContext } from './test-context';

const context = testContext();
const close = createNumericClose();
const score = (output: unknown, expected: unknown, metric = close) => metric(output, expected, undefined, context);

describe('numeric_close', () => {
  it('compares the first number in the output with the expected number', () => {
    expect(score('The answer is 42.', 42)).toBe(true);
    expect(score('The answer is 41.', 42)).toBe(false);
    expect(score('-3.5 degrees', '-3.5')).toBe(true);
    expect(score('Total: 1,234.5', 1234.5)).toBe(true);
    expect(score('1e-3', 0.001)).toBe(true);
    expect(score('42%', '42')).toBe(true);
    expect(score('0.1 + 0.2 = 0.30000000000000004', 0.1)).toBe(true);
  });

  it('applies absolute and relative tolerances', () => {
    expect(score('3.1416', Math.PI)).toBe(false);
    expect(score('3.1416', Math.PI, createNumericClose({ absTolerance: 1e-3 }))).toBe(true);
    expect(score('1010', 1000, createNumericClose({ relTolerance: 0.01 }))).toBe(true);
    expect(score('1011', 1000, createNumericClose({ relTolerance: 0.01 }))).toBe(false);
    expect(score('1.0000005', 1)).toBe(true);
  });

  it('reads numbers in unicode text', () => {
    expect(score('答案是 ４２ 😀', 42)).toBe(true);
    expect(score('Température : −5 °C', -5)).toBe(true);
  });

  it('is false when the output has no number or is empty, null or undefined', () => {
    expect(score('no idea', 1)).toBe(false);
    expect(score('', 0)).toBe(false);
    expect(score(null, 0)).toBe(false);
    expect(score(undefined, 0)).toBe(false);
  });

  it('accepts numeric outputs and objects containing a number', () => {
    expect(score(7, '7')).toBe(true);
    expect(score(Number.NaN, 0)).toBe(false);
    expect(score(Infinity, Infinity)).toBe(true);
    expect(score({ answer: 12 }, 12)).toBe(true);
  });

  it('throws when the expected value is not a number', () => {
    expect(() => score('1', 'abc')).toThrow(/expected value must be a number/);
    expect(() => score('1', null)).toThrow(TypeError);
    expect(() => score('1', undefined)).toThrow(TypeError);
    expect(() => score('1', { n: 1 })).toThrow(TypeError);
  });

  it('finds a number at the end of a very long output', () => {
    expect(score(`${'blah '.repeat(4_000)}= 17`, 17)).toBe(true);
  });

  it('rejects negative or non-finite tolerances', () => {
    expect(() => createNumericClose({ absTolerance: -1 })).toThrow(ConfigError);
    expect(() => createNumericClose({ relTolerance: Number.NaN })).toThrow(ConfigError);
  });
});
