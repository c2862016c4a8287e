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
/** Earliest and latest instants a time condition may use. */
const MIN_TIME = Date.UTC(1, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31);

/**
 * One date expression at token `i`: a day of a period ("the last day of october"), a relative phrase ("last week"), a
 * calendar quarter ("Q3", "Q3 2026"), a calendar date chrono understands ("Nov 3"), or, after a preposition, a bare
 * year ("in 2025"). `afterPreposition` also lets ambiguous words count as dates ("since mon", "before may").
 */
export function dateExpressionAt(ctx: RuleContext, i: number, afterPreposition: boolean): DateSpan | IgnoredDate | null {
  const span =
    dayOfPeriodAt(ctx, i, periodAt) ??
    relativeDateAt(ctx, i, afterPreposition) ??
    quarterAt(ctx, i) ??
    chronoDateAt(ctx, i, afterPreposition) ??
    bareYearAt(ctx, i, afterPreposition);
  if (!span) return null;
  if (isIgnoredDate(span)) return span;
  const inRange = (d: Date) => isValidDate(d) && d.getTime() >= MIN_TIME && d.getTime() <= MAX_TIME;
  if (!inRange(span.from) || !inRange(span.to)) return { ignored: OUT_OF_RANGE, end: span.end };
  return span.from.getTime() === span.to.getTime() ? { ignored: NO_LENGTH, end: span.end } : span;
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
