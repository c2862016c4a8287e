import { extractNumber } from './extract-number';

describe('extractNumber', () => {
  it.each([
    ['42', 42],
    ['The answer is -3.5.', -3.5],
    ['Total: 1,234.5 dollars', 1234.5],
    ['1e-3', 0.001],
    ['2.5E+2 m', 250],
    ['42%', 42],
    ['.5 of it', 0.5],
    ['x = +7', 7],
    ['1,2,3', 1],
    ['item-3', 3],
    ['5-3', 5],
    ['gpt4 says 42', 4],
    ['−12 (unicode minus)', -12],
    ['４２', 42],
    ['答案是 7 个🍎', 7],
  ])('reads %j as %p', (text, expected) => {
    expect(extractNumber(text)).toBe(expected);
  });

  it('returns undefined when there is no number', () => {
    expect(extractNumber('')).toBeUndefined();
    expect(extractNumber('no digits here 😀')).toBeUndefined();
    expect(extractNumber(null)).toBeUndefined();
    expect(extractNumber(Number.NaN)).toBeUndefined();
  });

  it('passes numbers through and finds a number at the end of a long text', () => {
    expect(extractNumber(-0.25)).toBe(-0.25);
    expect(extractNumber(`${'word '.repeat(20_000)}99`)).toBe(99);
  });
});
