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

  it('treats infinities as math.isclose does: equal to the same infinity only, whatever the tolerance', () => {
    const relative = createNumericClose({ relTolerance: 1e-9 });
    const loose = createNumericClose({ relTolerance: 1, absTolerance: 1e300 });
    // math.isclose(inf, 5, rel_tol=1e-9) is False; isclose(inf, inf) and isclose(-inf, -inf) are True.
    expect(score('1e309', 5, relative)).toBe(false);
    expect(score('-1e400', 5, relative)).toBe(false);
    expect(score(Infinity, 5, relative)).toBe(false);
    expect(score(-Infinity, 5, loose)).toBe(false);
    expect(score('5', '1e309', relative)).toBe(false);
    expect(score(1e308, Infinity, loose)).toBe(false);
    expect(score('1e309', -Infinity, loose)).toBe(false);
    expect(score('1e309', Infinity, relative)).toBe(true);
    expect(score('-1e400', -Infinity, relative)).toBe(true);
    expect(score(Infinity, '1e999')).toBe(true);
  });

  it('never accepts NaN, as math.isclose(nan, x) is False', () => {
    const loose = createNumericClose({ relTolerance: 1, absTolerance: 1e300 });
    expect(score(Number.NaN, 5, loose)).toBe(false);
    expect(score('NaN', 5, loose)).toBe(false);
    expect(() => score('5', Number.NaN, loose)).toThrow(TypeError);
  });

  it('overflowing differences of finite numbers are not close (math.isclose(1.7e308, -1.7e308, rel_tol=1) is False)', () => {
    expect(score(1.7e308, -1.7e308, createNumericClose({ relTolerance: 1 }))).toBe(false);
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
