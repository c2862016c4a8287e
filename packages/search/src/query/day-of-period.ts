import type { IgnoredDate } from './date-expression';
import type { DateSpan } from './relative-dates';
import { wordAt, type RuleContext } from './rule';
import { startOfDay, toLocal } from './time-zone';

/** The days a "first/last <part> of" takes from the start or the end of its period. */
const PART_DAYS: ReadonlyMap<string, number> = new Map([['day', 1], ['week', 7]]);

/** Reads the period after "of"; given by date-expression, which reads every date (and calls this first). */
type PeriodAt = (ctx: RuleContext, i: number) => DateSpan | IgnoredDate | null;

/** The first instant of the local day containing `instant`. */
function dayStart(instant: Date, timeZone: string): Date {
  const l = toLocal(instant, timeZone);
  return startOfDay(l.year, l.month, l.day, timeZone);
}

const earlier = (a: Date, b: Date): Date => (a < b ? a : b);
const later = (a: Date, b: Date): Date => (a > b ? a : b);

/** True when the span starts and ends at the start of a day (a month or a quarter; not "the last 3 days"). */
function isWholeDays(span: DateSpan, timeZone: string): boolean {
  return span.from < span.to && [span.from, span.to].every((d) => dayStart(d, timeZone).getTime() === d.getTime());
}

/**
 * "the last day of october", "first day of last month", "the last day of Q3", "the first week of march": the first or
 * last day (or seven days) of a period of whole days, which is read as the same words alone would be ("october" is
 * the most recent October that has started). Without this, "last day" was the rolling 24 hours and "october" a
 * second window beside it, and no run could be in both.
 */
export function dayOfPeriodAt(ctx: RuleContext, i: number, periodAt: PeriodAt): DateSpan | IgnoredDate | null {
  const edge = wordAt(ctx, i);
  const days = PART_DAYS.get(wordAt(ctx, i + 1) ?? '');
  if ((edge !== 'first' && edge !== 'last') || days === undefined || wordAt(ctx, i + 2) !== 'of') return null;
  let period = periodAt(ctx, i + 3);
  // chrono reads "october until yesterday" as one range: the day is of its first date, and the time phrase reads the rest.
  for (let k = (period?.end ?? 0) - 1; period && !('ignored' in period) && period.isRange && k > i + 3; k--) {
    period = periodAt({ ...ctx, tokens: ctx.tokens.slice(0, k) }, i + 3);
  }
  if (!period || 'ignored' in period) return period;
  if (period.isRange) return null;
  const { timeZone } = ctx.options;
  if (!isWholeDays(period, timeZone)) return null;
  // A week of a period shorter than a week ("the first week of yesterday") is the whole period.
  const first = toLocal(period.from, timeZone);
  const last = toLocal(new Date(period.to.getTime() - 1), timeZone);
  const span =
    edge === 'first'
      ? { from: period.from, to: earlier(startOfDay(first.year, first.month, first.day + days, timeZone), period.to) }
      : { from: later(startOfDay(last.year, last.month, last.day - days + 1, timeZone), period.from), to: period.to };
  const start = toLocal(span.from, timeZone);
  return { ...span, end: period.end, year: start.year, month: start.month };
}
