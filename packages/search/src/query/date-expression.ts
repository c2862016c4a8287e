import { chronoDateAt } from './chrono-dates';
import { quarterAt } from './quarters';
import { relativeDateAt, type DateSpan } from './relative-dates';
import { wordAt, type RuleContext } from './rule';
import { isValidDate, startOfDay } from './time-zone';

/** The span a date expression denotes. */
export type { DateSpan } from './relative-dates';

/** A date expression that was recognised but lies outside the dates a computer can hold ("last 900000 years"). */
export interface OutOfRange {
  readonly outOfRange: true;
  readonly end: number;
}

const YEAR_RE = /^(19[7-9]\d|2\d{3})$/;
/** Earliest and latest instants a time condition may use. */
const MIN_TIME = Date.UTC(1, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31);

/**
 * One date expression at token `i`: a relative phrase ("last week"), a calendar quarter ("Q3", "Q3 2026"), a calendar
 * date chrono understands ("Nov 3"), or, after a preposition, a bare year ("in 2025"). `afterPreposition`
 * also lets ambiguous words count as dates ("since mon", "before may").
 */
export function dateExpressionAt(ctx: RuleContext, i: number, afterPreposition: boolean): DateSpan | OutOfRange | null {
  const span =
    relativeDateAt(ctx, i, afterPreposition) ?? quarterAt(ctx, i) ?? chronoDateAt(ctx, i, afterPreposition) ?? bareYearAt(ctx, i, afterPreposition);
  if (!span) return null;
  const inRange = (d: Date) => isValidDate(d) && d.getTime() >= MIN_TIME && d.getTime() <= MAX_TIME;
  return inRange(span.from) && inRange(span.to) ? span : { outOfRange: true, end: span.end };
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

/** True when the value is an out-of-range marker rather than a span. */
export function isOutOfRange(value: DateSpan | OutOfRange): value is OutOfRange {
  return 'outOfRange' in value;
}
