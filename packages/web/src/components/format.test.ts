import { describe, expect, it } from 'vitest';
import { exactTitle, formatCost, formatCount, formatDelta, formatDuration, formatPercent, formatScore, prettyText } from './format';

describe('format', () => {
  it('formats durations across units', () => {
    expect(formatDuration(0.25)).toBe('250 ms');
    expect(formatDuration(12.34)).toBe('12.3 s');
    expect(formatDuration(245)).toBe('4m 05s');
    expect(formatDuration(7380)).toBe('2h 03m');
    expect(formatDuration(null)).toBe('—');
  });

  it('formats scores, percentages and signed deltas, and never prints NaN', () => {
    expect(formatScore(0.123456)).toBe('0.1235');
    expect(formatScore(Number.NaN)).toBe('—');
    expect(formatPercent(0.9234)).toBe('92.3%');
    expect(formatDelta(0.05)).toBe('+0.05');
    expect(formatDelta(-0.05)).toBe('−0.05');
    expect(formatDelta(-0.05, true)).toBe('−5.0%');
  });

  it('keeps 3 significant digits of scores and changes below 0.001, which 4 decimals turned into 0 beside a verdict', () => {
    expect(formatScore(0.00012345)).toBe('0.000123');
    expect(formatScore(-0.00031)).toBe('-0.00031');
    expect(formatScore(2.5e-9)).toBe('2.5e-9');
    expect(formatScore(0)).toBe('0');
    expect(formatScore(0.001)).toBe('0.001');
    expect(formatScore(0.0123456)).toBe('0.0123');
    expect(formatDelta(0.00019)).toBe('+0.00019');
    expect(formatDelta(-0.0000123)).toBe('−0.0000123');
  });

  it('prints huge and tiny numbers in exponent form, never as hundreds of digits (1e308 was 309 of them)', () => {
    expect(formatScore(1e308)).toBe('1e+308');
    expect(formatScore(-1.23456e300)).toBe('-1.23e+300');
    expect(formatScore(1e15)).toBe('1e+15');
    expect(formatScore(999_999_999_999_999)).toBe('999,999,999,999,999');
    expect(formatScore(1234.5)).toBe('1,235');
    expect(formatScore(1e-300)).toBe('1e-300');
    expect(formatScore(Number.MIN_VALUE)).toBe('5e-324');
    expect(formatDelta(1.5e300)).toBe('+1.5e+300');
    expect(formatDelta(-Number.MAX_VALUE)).toBe('−1.8e+308');
    expect(formatCount(1e20)).toBe('1e+20');
    expect(formatCount(123_456_789)).toBe('123,456,789');
    expect(formatCost(1e12)).toBe('$1,000,000,000,000.00');
    expect(formatCost(1e300)).toBe('$1e+300');
    expect(formatCost(0.00123)).toBe('$0.0012');
    expect(formatPercent(1e300)).toBe('1e+302%');
    expect(formatDelta(5e20, true)).toBe('+5e+22%');
    expect(formatDuration(1e308)).toBe('2.78e+304h');
    expect(formatDuration(7380)).toBe('2h 03m');
    expect(formatDuration(3600 * 12_345)).toBe('12,345h 00m');
    for (const text of [formatScore(-Number.MAX_VALUE), formatCount(Number.MAX_VALUE), formatCost(Number.MAX_VALUE), formatPercent(Number.MAX_VALUE / 100), formatDuration(Number.MAX_VALUE)]) {
      expect(text.length).toBeLessThan(16);
    }
  });

  it('shows ±∞ as ∞ and NaN as a dash', () => {
    expect(formatScore(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatScore(Number.NEGATIVE_INFINITY)).toBe('−∞');
    expect(formatDelta(Number.NEGATIVE_INFINITY)).toBe('−∞');
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatCost(Number.POSITIVE_INFINITY)).toBe('$∞');
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe('∞%');
    for (const format of [formatScore, formatDelta, formatCount, formatCost, formatPercent, formatDuration]) expect(format(Number.NaN)).toBe('—');
  });

  it('gives the exact value as a title only when the shown text is not it', () => {
    expect(exactTitle(1.2345678e308, formatScore(1.2345678e308))).toBe('1.2345678e+308');
    expect(exactTitle(0.123456, formatScore(0.123456))).toBe('0.123456');
    expect(exactTitle(1e308, formatScore(1e308))).toBeUndefined();
    expect(exactTitle(12_345, formatScore(12_345))).toBeUndefined();
    expect(exactTitle(-0.05, formatDelta(-0.05))).toBeUndefined();
    expect(exactTitle(null, '—')).toBeUndefined();
  });

  it('pretty-prints JSON text and leaves other text alone', () => {
    expect(prettyText('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyText('{not json}')).toBe('{not json}');
    expect(prettyText({ q: 'x' })).toBe('{\n  "q": "x"\n}');
  });
});

// Review: the exponent threshold was judged before rounding, so 999999999999999.6 printed 22 characters
// ("1,000,000,000,000,000"), and 999.99996 printed "1000" without its separator.
describe('formatScore at its thresholds', () => {
  it('judges the thresholds after rounding', () => {
    expect(formatScore(999999999999999.6)).toBe('1e+15');
    expect(formatScore(999.99996)).toBe('1,000');
    expect(formatScore(999.5)).toBe('999.5');
  });
});
