import { describe, expect, it } from 'vitest';
import { formatDelta, formatDuration, formatPercent, formatScore, prettyText } from './format';

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

  it('pretty-prints JSON text and leaves other text alone', () => {
    expect(prettyText('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyText('{not json}')).toBe('{not json}');
    expect(prettyText({ q: 'x' })).toBe('{\n  "q": "x"\n}');
  });
});
