import { AGE_UNITS, LAST_DATE_MS, parseAge, parseDate, shiftByAge } from './commands/parse-when';
import { CliError } from './errors';
import { MAX_TIMER_MS } from './numeric-option';

const DAY_MS = 86_400_000;

/**
 * `--expires`: an age counted forward from now (`90d`, `12h`, `2w`, `6mo`, `1y`) or a future date (2027-03-01, an
 * ISO time) → the moment the token stops working. Same age grammar as --older-than (parse-when.ts), so `1m` is
 * refused as ambiguous there as here.
 */
export function parseExpiry(text: string, flag = 'expires', now = Date.now()): Date {
  const age = parseAge(text, `--${flag}`);
  const date = age ? shiftByAge(now, age, 1) : parseDate(text, now);
  if (!date || Number.isNaN(date.getTime())) {
    throw new CliError(`--${flag} "${text}" is not an age (${AGE_UNITS}) or a date (2027-03-01).`, 2);
  }
  if (date.getTime() <= now) throw new CliError(`--${flag} "${text}" is in the past (${date.toISOString()}); give an age such as 90d or a future date.`, 2);
  // Past year 9999 a date's text is "+010000-…", which the database reads back as long expired.
  if (date.getTime() > LAST_DATE_MS) {
    throw new CliError(`--${flag} "${text}" is after 9999-12-31; give a nearer date, or leave --${flag} out for a token that never expires.`, 2);
  }
  return date;
}

/**
 * A retention age → whole days (what storage keeps): `90d`, `12w`, `1y` (365 days). Hours and minutes are refused:
 * policies are applied with a day's resolution, and months have no fixed length (write 180d).
 */
export function parseRetentionDays(text: string, what = '<max-age>'): number {
  const usage = `${what} "${text}" must be whole days or weeks, e.g. 90d, 12w or 1y (365 days)`;
  // `-90d`, `0d`: said in retention's own terms (parseAge would list hours and months, which a policy refuses).
  const amount = /^\s*([+-]?\d+(?:\.\d+)?)/.exec(text);
  if (amount && Number(amount[1]) <= 0) throw new CliError(`${what} "${text}" must be an age greater than 0 in whole days or weeks, e.g. 90d, 12w or 1y (365 days).`, 2);
  const age = parseAge(text, what);
  if (!age) throw new CliError(`${usage}.`, 2);
  const perUnit: Partial<Record<typeof age.unit, number>> = { day: 1, week: 7, year: 365 };
  const factor = perUnit[age.unit];
  if (factor === undefined || !Number.isInteger(age.amount * factor)) throw new CliError(`${usage}.`, 2);
  const days = age.amount * factor;
  if (days > 36_500) throw new CliError(`${usage}, at most 36500 days (100 years).`, 2);
  return days;
}

/** An interval (`1h`, `30min`, `1d`) → milliseconds, at least one minute and at most what Node's timers hold (~24.8 days). */
export function parseIntervalMs(text: string, flag: string): number {
  const age = parseAge(text, `--${flag}`);
  if (!age || age.unit === 'month' || age.unit === 'year') {
    throw new CliError(`--${flag} "${text}" must be an interval such as 30min, 1h or 1d.`, 2);
  }
  const now = Date.now();
  const ms = shiftByAge(now, age, 1).getTime() - now;
  if (ms < 60_000 || ms > MAX_TIMER_MS) {
    throw new CliError(`--${flag} "${text}" must be from 1min to ${Math.floor(MAX_TIMER_MS / DAY_MS)}d.`, 2);
  }
  return ms;
}
