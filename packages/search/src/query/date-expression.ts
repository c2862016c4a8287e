import { chronoDateAt } from './chrono-dates';
import { dayOfPeriodAt } from './day-of-period';
import { quarterAt } from './quarters';
import { currentUnitAt, relativeDateAt, type DateSpan } from './relative-dates';
import { wordAt, type RuleContext } from './rule';
import { isValidDate, startOfDay } from './time-zone';

/** The span a date expression denotes. */
export type { DateSpan } from './relative-dates';

/**
 * A date expression that was recognised but cannot be used, with the reason for the warning: it lies outside the dates
 * a computer can hold ("last 900000 years"), or it is a window of no length ("last 0 days", "past 0 hours": from now to
 * now), in which no run can have been created.
 */
export interface IgnoredDate {
  readonly ignored: string;
  readonly end: number;
}

/** Why a date expression was ignored. */
export const OUT_OF_RANGE = 'the date is out of range';
/** Ignored like "latest 0" (ignored limit 0) rather than refused: the query is no syntax error, and the rest of it stands. */
export const NO_LENGTH = 'the time window is empty';

const YEAR_RE = /^(19[7-9]\d|2\d{3})$/;
/**
 * The instants a time condition may use: the years 1–9999 that storage holds, from 0001-01-01 to the end of 9999-12-31.
 * Storage refuses a bound in year 10000, so an end is at most 9999-12-31T23:59:59.999Z (leaving out only a run made in
 * that very millisecond). Date.UTC reads years 0–99 as 1900–1999, so the years are set with setUTCFullYear.
 */
const MIN_TIME = new Date(0).setUTCFullYear(1, 0, 1);
const MAX_TIME = new Date(0).setUTCFullYear(10000, 0, 1) - 1;

/**
 * One date expression at token `i`: a day of a period ("the last day of october"), a relative phrase ("last week"), a
 * calendar quarter ("Q3", "Q3 2026"), a calendar date chrono understands ("Nov 3"), or, after a preposition, a bare
 * year ("in 2025"). `afterPreposition` also lets ambiguous words count as dates ("since mon", "before may"). `notBefore`,
 * the start of a range, places a calendar date without a year at its first occurrence that does not end before it.
 */
export function dateExpressionAt(ctx: RuleContext, i: number, afterPreposition: boolean, notBefore?: Date): DateSpan | IgnoredDate | null {
  const span =
    dayOfPeriodAt(ctx, i, periodAt) ??
    relativeDateAt(ctx, i, afterPreposition) ??
    quarterAt(ctx, i) ??
    chronoDateAt(ctx, i, afterPreposition, notBefore) ??
    bareYearAt(ctx, i, afterPreposition);
  if (!span) return null;
  if (isIgnoredDate(span)) return span;
  if (!isValidDate(span.from) || !isValidDate(span.to) || span.from.getTime() >= MAX_TIME || span.to.getTime() <= MIN_TIME) {
    return { ignored: OUT_OF_RANGE, end: span.end };
  }
  if (span.from.getTime() === span.to.getTime()) return { ignored: NO_LENGTH, end: span.end };
  // The part of a span beyond the storable years holds no run: "on 9999-12-31" in Los Angeles ends at 10000-01-01T08:00Z.
  const from = Math.max(span.from.getTime(), MIN_TIME);
  const to = Math.min(span.to.getTime(), MAX_TIME);
  return from === span.from.getTime() && to === span.to.getTime() ? span : { ...span, from: new Date(from), to: new Date(to) };
}

/** The period after "of" in "the last day of october": any date, or "the year" (this year). */
function periodAt(ctx: RuleContext, i: number): DateSpan | IgnoredDate | null {
  return currentUnitAt(ctx, i) ?? dateExpressionAt(ctx, i, true);
}

function bareYearAt(ctx: RuleContext, i: number, afterPreposition: boolean): DateSpan | null {
  const word = wordAt(ctx, i);
  if (!afterPreposition || word === undefined || !YEAR_RE.test(word)) return null;
  const year = Number(word);
  const { timeZone } = ctx.options;
  return { from: startOfDay(year, 1, 1, timeZone), to: startOfDay(year + 1, 1, 1, timeZone), end: i + 1, year, month: 1 };
}

/** A bare day of the month ("1" in "between 1 and 15 October"), or undefined. */
export function dayNumberAt(ctx: RuleContext, i: number): number | undefined {
  const word = wordAt(ctx, i);
  const match = word === undefined ? null : /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(word);
  const day = match ? Number(match[1]) : 0;
  return day >= 1 && day <= 31 ? day : undefined;
}

/** True when the value is an ignored date expression rather than a span. */
export function isIgnoredDate(value: DateSpan | IgnoredDate): value is IgnoredDate {
  return 'ignored' in value;
}
