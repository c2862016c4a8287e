import { QuerySyntaxError } from '../errors';
import type { DateSpan } from './relative-dates';
import type { RuleContext } from './rule';
import { isCalendarDate, startOfDay, toLocal } from './time-zone';

const MONTHS: ReadonlyMap<string, number> = new Map(
  [
    ['january', 'jan'], ['february', 'feb'], ['march', 'mar'], ['april', 'apr'], ['may', 'may'], ['june', 'jun'],
    ['july', 'jul'], ['august', 'aug'], ['september', 'sep'], ['october', 'oct'], ['november', 'nov'], ['december', 'dec'],
  ].flatMap(([name, short], n): [string, number][] => [[name!, n + 1], [short!, n + 1], ...(short === 'sep' ? [['sept', 9] as [string, number]] : [])]),
);
/** Month names as explanations and messages write them. @internal */
export const MONTH_LABELS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_RE = /^(\d{1,2})(?:st|nd|rd|th)?$/;
const YEAR_RE = /^\d{4}$/;
/** "2026-02-29", also with a time ("2026-02-29t10:00z", as lower-cased). */
const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:t[\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?$/;

interface Written {
  month: number;
  day: number;
  year?: number;
  end: number;
}

/** The lower-cased word at `j` without a trailing dot ("Feb."), or undefined. */
function word(ctx: RuleContext, j: number): string | undefined {
  const token = ctx.tokens[j];
  return token?.kind === 'word' ? token.lower.replace(/\.$/, '') : undefined;
}

/** A year after a day, skipping a comma ("Feb 29, 2026"). */
function yearAfter(ctx: RuleContext, j: number): { year?: number; end: number } {
  const k = ctx.tokens[j]?.text === ',' ? j + 1 : j;
  const w = word(ctx, k);
  return w !== undefined && YEAR_RE.test(w) ? { year: Number(w), end: k + 1 } : { end: j };
}

/** "Feb 29 [2026]", "29th of February [2026]", "2026-02-29", "2/29[/2026]" at token `i`, read without validation. */
function writtenDateAt(ctx: RuleContext, i: number): Written | null {
  const first = word(ctx, i);
  if (first === undefined) return null;
  const iso = ISO_RE.exec(first);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), end: i + 1 };
  const slash = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(first);
  if (slash) return { month: Number(slash[1]), day: Number(slash[2]), ...(slash[3] ? { year: Number(slash[3]) } : {}), end: i + 1 };
  const month = MONTHS.get(first);
  const dayAfterMonth = month === undefined ? null : DAY_RE.exec(word(ctx, i + 1) ?? '');
  if (month !== undefined && dayAfterMonth) return { month, day: Number(dayAfterMonth[1]), ...yearAfter(ctx, i + 2) };
  const dayFirst = DAY_RE.exec(first);
  if (!dayFirst) return null;
  const m = word(ctx, i + 1) === 'of' ? i + 2 : i + 1;
  const monthAfterDay = MONTHS.get(word(ctx, m) ?? '');
  return monthAfterDay === undefined ? null : { month: monthAfterDay, day: Number(dayFirst[1]), ...yearAfter(ctx, m + 1) };
}

/**
 * An ISO date whose month or day is out of range ("2026-13-01", "2026-12-00"): chrono reads the first as 13 January
 * (year-day-month) and the explanation then named a date the query never wrote. ISO dates are year-month-day, so
 * this is a QuerySyntaxError, as a day past the month's end is (impossibleDateAt). Returns nothing otherwise.
 */
export function checkIsoDateAt(ctx: RuleContext, i: number): void {
  const iso = ISO_RE.exec(word(ctx, i) ?? '');
  if (!iso) return;
  const [written, month, day] = [iso[0].slice(0, iso[0].search(/t|$/)), Number(iso[2]), Number(iso[3])];
  const why = month < 1 || month > 12 ? 'months run from 01 to 12' : day < 1 ? 'days start at 01' : null;
  if (why) throw new QuerySyntaxError(`there is no date ${written}: ISO dates are year-month-day and ${why}`, ctx.text, ctx.tokens[i]!.start);
  impossibleDateAt(ctx, i);
}

/** A two-digit year as chrono reads it: 26 is 2026, 99 is 1999. @internal */
export function twoDigitYear(year: number): number {
  return year + (year < 50 ? 2000 : 1900);
}

/**
 * "Mar 32": chrono reads a number after a month name that no month has as its day as a two-digit year (March 2032, and
 * "Mar 99" as March 1999), while "April 31" is a syntax error. A number of one or two digits after a month name is its
 * day, so this is a QuerySyntaxError too, saying how a year is written ("March 2032" is that month). Returns nothing
 * otherwise.
 */
export function checkDayAfterMonthAt(ctx: RuleContext, i: number): void {
  const month = MONTHS.get(word(ctx, i) ?? '');
  const day = month === undefined ? null : /^\d{1,2}$/.exec(word(ctx, i + 1) ?? '');
  if (month === undefined || !day || Number(day[0]) <= 31) return;
  const name = MONTH_LABELS[month - 1];
  const year = twoDigitYear(Number(day[0]));
  throw new QuerySyntaxError(
    `there is no ${name} ${Number(day[0])}: ${name} has at most ${daysIn(2024, month)} days; a year after a month is written in full ("${name} ${year}")`,
    ctx.text,
    ctx.tokens[i]!.start,
  );
}

/**
 * A calendar date the calendar does not have, which chrono silently refuses: "Feb 29 2026" and "April 31" are
 * QuerySyntaxErrors that say why. "Feb 29" without a year follows the rule of every date without a year, the most
 * recent one that is not in the future, so it is the last leap day (2024-02-29 when asked in 2026).
 * Returns null when the words are not such a date.
 */
export function impossibleDateAt(ctx: RuleContext, i: number): DateSpan | null {
  const written = writtenDateAt(ctx, i);
  if (!written || written.month < 1 || written.month > 12 || written.day < 1) return null;
  const { month, day, year } = written;
  const label = `${MONTH_LABELS[month - 1]} ${day}`;
  const position = ctx.tokens[i]!.start;
  if (year !== undefined) {
    if (isCalendarDate(year, month, day)) return null;
    const why = month === 2 && day === 29 ? `${year} is not a leap year` : `${MONTH_LABELS[month - 1]} ${year} has ${daysIn(year, month)} days`;
    throw new QuerySyntaxError(`there is no ${label}, ${year}: ${why}`, ctx.text, position);
  }
  if (day > daysIn(2024, month)) {
    throw new QuerySyntaxError(`there is no ${label}: ${MONTH_LABELS[month - 1]} has at most ${daysIn(2024, month)} days`, ctx.text, position);
  }
  if (!(month === 2 && day === 29)) return null;
  const { now, timeZone } = ctx.options;
  let leap = toLocal(now, timeZone).year;
  while (leap > 0 && (!isCalendarDate(leap, 2, 29) || startOfDay(leap, 2, 29, timeZone) > now)) leap--;
  if (leap <= 0) return null;
  return { from: startOfDay(leap, 2, 29, timeZone), to: startOfDay(leap, 3, 1, timeZone), end: written.end, year: leap, month: 2, yearless: true };
}

function daysIn(year: number, month: number): number {
  let day = 31;
  while (!isCalendarDate(year, month, day)) day--;
  return day;
}
