import { CliError } from '../errors';
import { calendarFieldsExist } from '@llm-eval/storage/limits';

/** The units an age may have. */
export type Unit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** Unit spellings an age may use. A bare `m` is not one: it could be minutes or months. */
const UNITS: ReadonlyMap<string, Unit> = new Map<string, Unit>([
  ...spellings('minute', ['min', 'mins', 'minute', 'minutes']),
  ...spellings('hour', ['h', 'hr', 'hrs', 'hour', 'hours']),
  ...spellings('day', ['d', 'day', 'days']),
  ...spellings('week', ['w', 'wk', 'wks', 'week', 'weeks']),
  ...spellings('month', ['mo', 'mos', 'month', 'months']),
  ...spellings('year', ['y', 'yr', 'yrs', 'year', 'years']),
]);
const MS: Readonly<Record<'minute' | 'hour' | 'day' | 'week', number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

/** The first and last moments a date flag may name: years 1 to 9999, which every database stores and compares. */
const FIRST_DATE_MS = Date.parse('0001-01-01T00:00:00.000Z');
export const LAST_DATE_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** What every age error lists. */
export const AGE_UNITS = '30min, 2h, 7d, 4w, 6mo, 1y';

function spellings(unit: Unit, list: string[]): [string, Unit][] {
  return list.map((s) => [s, unit]);
}

/** What the time a flag names is used for, so a time that cannot mean what the user wants is refused. */
export type WhenUse = 'upper-bound-of-what-goes' | 'lower-bound' | 'upper-bound';

/** An age as typed: an amount of a unit (`7d` → 7 days). */
export interface Age {
  amount: number;
  unit: Unit;
}

/**
 * Reads `text` (the value of `label`: `--since`, `<max-age>`) as an age (`30min`, `2h`, `7d`, `4w`, `6mo`, `1y`), or
 * returns null when it does not have an age's form (a date, say). Usage errors (exit 2): an ambiguous `1m` (minute or
 * month?), an unknown unit, an age of 0 or less.
 */
export function parseAge(text: string, label: string): Age | null {
  const age = /^([+-]?\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  if (!age) return null;
  const amount = Number(age[1]);
  const written = age[2]!.toLowerCase();
  if (written === 'm') {
    throw new CliError(`${label} "${text}" is ambiguous: write ${age[1]}min for minutes or ${age[1]}mo for months (ages: ${AGE_UNITS}).`, 2);
  }
  const unit = UNITS.get(written);
  if (!unit) throw new CliError(`${label} "${text}": unknown unit "${age[2]}" (ages: ${AGE_UNITS}).`, 2);
  if (amount <= 0) {
    throw new CliError(`${label} "${text}" must be an age greater than 0, e.g. 7d (ages: ${AGE_UNITS}).`, 2);
  }
  if ((unit === 'month' || unit === 'year') && !Number.isInteger(amount)) {
    throw new CliError(`${label} "${text}": months and years must be whole numbers (ages: ${AGE_UNITS}).`, 2);
  }
  return { amount, unit };
}

/**
 * `age` before (direction -1) or after (+1) `now`: elapsed time for minutes to weeks, the calendar for months and
 * years (a day clamped to the month's end). An invalid Date when it leaves the range of dates.
 */
export function shiftByAge(now: number, age: Age, direction: -1 | 1): Date {
  const { amount, unit } = age;
  if (unit !== 'month' && unit !== 'year') return new Date(now + direction * amount * MS[unit]);
  const months = direction * (unit === 'year' ? amount * 12 : amount);
  const date = new Date(now);
  const day = date.getDate();
  date.setDate(1);
  date.setMonth(date.getMonth() + months);
  const lastDay = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate();
  date.setDate(Math.min(day, lastDay));
  return date;
}

/** What every date error lists: the forms parseDate reads. */
export const DATE_FORMS = 'a date (2026-11-01), an ISO time (2026-11-01T09:30:00Z), today or yesterday';

/** Days from today that `today` and `yesterday` name (the words of runs search's query language). */
const DAY_WORDS: ReadonlyMap<string, number> = new Map([
  ['today', 0],
  ['yesterday', -1],
]);

/**
 * A date or ISO time as written: `2026-11-01`, `2026-11-01T09:30`, `2026-11-01T09:30:00.5Z`, `2026-11-01 09:30+02:00`,
 * a year of six digits with its sign (`+010000-01-01T00:00:00Z`).
 */
const ISO = /^([+-]\d{6}|\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/i;

/**
 * A date flag's text as a Date, or null: `2026-11-01` is local midnight (in TZ or the system zone), `today` and
 * `yesterday` (any case) that day's local midnight as of `now`, an ISO time that moment (local time without a zone).
 * A month, day, hour, minute or second that does not exist is null, never carried into the next one (JavaScript reads
 * 2026-13-01 as 2027-01-01 and 2026-02-30T00:00:00Z as March 2), and so is any other form (`Feb 3 2026`), whose
 * fields could not be checked.
 */
export function parseDate(text: string, now = Date.now()): Date | null {
  const value = text.trim();
  const offset = DAY_WORDS.get(value.toLowerCase());
  if (offset !== undefined) {
    const today = new Date(now);
    return new Date(today.getFullYear(), today.getMonth(), today.getDate() + offset);
  }
  const iso = ISO.exec(value);
  if (!iso) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(iso[i] ?? 0)) as [number, number, number, number, number, number];
  // storage's check, loaded only when a date is read (every command that reads one opens the database anyway).
  if (!calendarFieldsExist(year, month, day, hour, minute, second)) return null;
  // A bare date is local midnight; with a time, JavaScript reads it as ISO 8601 says (local time unless a zone is given).
  const date = iso[4] === undefined ? localMidnight(year, month, day) : new Date(value.replace(' ', 'T').toUpperCase());
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Local midnight of a day; years 0–99 are not taken as 1900–1999 as `new Date(y, m, d)` would. */
function localMidnight(year: number, month: number, day: number): Date {
  const date = new Date(2000, month - 1, day);
  date.setFullYear(year);
  return date;
}

/**
 * A flag's date or age → a Date. Ages count back from now: `30min`, `2h`, `7d`, `4w` (elapsed time), `6mo`, `1y`
 * (calendar months and years, a day clamped to the month's end). Dates: `2026-11-01`, `today`, `yesterday` (local
 * midnight, in TZ or the system zone) or an ISO time; as an upper bound a day's midnight leaves that day out. Usage errors (exit 2): an ambiguous `1m` (minute or month?), an unknown unit, a
 * negative age, and a time in the future for `--older-than` / `--since` (it would match every run, or none).
 */
export function parseWhen(text: string, flag: string, use: WhenUse = 'lower-bound', now = Date.now()): Date {
  const age = parseAge(text, `--${flag}`);
  let date: Date;
  if (age) {
    date = shiftByAge(now, age, -1);
  } else {
    const parsed = parseDate(text, now);
    if (!parsed) throw new CliError(`--${flag} "${text}" is not ${DATE_FORMS}, or an age (${AGE_UNITS}).`, 2);
    date = parsed;
  }
  // Outside years 1–9999 a database cannot compare the date: on SQLite year -2974 is written "2974-…" and year 10000
  // "0000-…", so `runs prune --older-than 5000y` matched every run.
  if (Number.isNaN(date.getTime()) || date.getTime() < FIRST_DATE_MS) {
    throw new CliError(`--${flag} "${text}" reaches further back than year 1 (ages: ${AGE_UNITS}).`, 2);
  }
  if (date.getTime() > LAST_DATE_MS) throw new CliError(`--${flag} "${text}" is after 9999-12-31; give a nearer date.`, 2);
  if (date.getTime() > now && use !== 'upper-bound') {
    const consequence = use === 'upper-bound-of-what-goes' ? 'every run would match' : 'no run could match';
    throw new CliError(`--${flag} "${text}" is in the future (${date.toISOString()}), so ${consequence}; give a past date or an age such as 30d.`, 2);
  }
  return date;
}
