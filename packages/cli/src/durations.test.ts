import { parseExpiry, parseIntervalMs, parseRetentionDays } from './durations';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The usage error (exit 2) `run` throws, as { message, exitCode }. */
function usageError(run: () => unknown): { message: string; exitCode: unknown } {
  try {
    run();
  } catch (error) {
    return { message: (error as Error).message, exitCode: (error as { exitCode?: unknown }).exitCode };
  }
  throw new Error('expected a usage error');
}

describe('parseExpiry (tokens create --expires)', () => {
  it('counts an age forward from now and takes a future date', () => {
    expect(parseExpiry('90d', 'expires', NOW).getTime()).toBe(NOW + 90 * DAY);
    expect(parseExpiry('12h', 'expires', NOW).getTime()).toBe(NOW + 12 * HOUR);
    expect(parseExpiry('2w', 'expires', NOW).getTime()).toBe(NOW + 14 * DAY);
    expect(parseExpiry('2027-03-01T00:00:00Z', 'expires', NOW).toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });

  it.each([
    ['30m', '--expires "30m" is ambiguous: write 30min for minutes or 30mo for months'],
    ['10x', '--expires "10x": unknown unit "x"'],
    ['0d', '--expires "0d" must be an age greater than 0'],
    ['2020-01-01', '--expires "2020-01-01" is in the past'],
    ['soon', '--expires "soon" is not an age'],
    ['99999y', '--expires "99999y" is after 9999-12-31'],
    ['+010000-01-01T00:00:00Z', '--expires "+010000-01-01T00:00:00Z" is after 9999-12-31'],
  ])('%j is a usage error', (text, message) => {
    const error = usageError(() => parseExpiry(text, 'expires', NOW));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(message);
  });
});

describe('parseRetentionDays (projects set-retention <max-age>)', () => {
  it('takes days, weeks and years as whole days', () => {
    expect([parseRetentionDays('90d'), parseRetentionDays('12w'), parseRetentionDays('1y')]).toEqual([90, 84, 365]);
  });

  it.each(['12h', '6mo', '1.5d', '90', '101y'])('%j is a usage error', (text) => {
    const error = usageError(() => parseRetentionDays(text));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`<max-age> "${text}"`);
  });

  it.each(['-90d', '-90', '0d', ' -1y'])('%j is refused as an age that must be greater than 0, in retention\'s terms', (text) => {
    const error = usageError(() => parseRetentionDays(text));
    expect(error).toEqual({ message: `<max-age> "${text}" must be an age greater than 0 in whole days or weeks, e.g. 90d, 12w or 1y (365 days).`, exitCode: 2 });
  });
});

describe('parseIntervalMs (serve --retention-interval)', () => {
  it('takes minutes to weeks', () => {
    expect([parseIntervalMs('30min', 'x'), parseIntervalMs('1h', 'x'), parseIntervalMs('1d', 'x')]).toEqual([30 * 60_000, HOUR, DAY]);
  });

  it.each(['30s', '1mo', '30d', '0.5min'])('%j is a usage error', (text) => {
    expect(usageError(() => parseIntervalMs(text, 'retention-interval')).exitCode).toBe(2);
  });
});
