import { QuerySyntaxError } from '../errors';
import type { DateSpan } from './relative-dates';
import type { RuleContext } from './rule';
import { isCalendarDate, startOfDay, toLocal } from './time-zone';

const DAY_MS = 86_400_000;

/** True for a whole day written as February 29 without its year ("Feb 29", "29th of February"). */
function isYearlessLeapDay(date: DateSpan, timeZone: string): boolean {
  if (!date.yearless || date.timed || date.isRange) return false;
  const local = toLocal(date.from, timeZone);
  const length = date.to.getTime() - date.from.getTime();
  return local.month === 2 && local.day === 29 && length >= DAY_MS - 3_600_000 && length <= DAY_MS + 3_600_000;
}

/**
 * A range that ends on February 29 written without its year: "between Feb 28 and Feb 29", "from Dec 1 to Feb 29".
 * Read one end at a time, the start was its most recent date (this year's) and the end the last leap day, so the
 * range ran back across years (swapped, "reversed"), or, as the end of a range, the next leap day, years ahead. The
 * range is one span of the calendar instead:
 * - a start without its year too: both in the most recent leap year whose start is not in the future (a start in a
 *   month after February falls in the year before, as "from Mar 1 to Feb 29" is the year up to that leap day);
 * - a start with its year: the end is that year's February 29 (or the next year's after a start later than February),
 *   and a QuerySyntaxError when that year has none, as "Feb 29 2026" is.
 * Returns null for any other range. `endAt` is the token where the end was written (for the error's position).
 */
export function leapDayRange(ctx: RuleContext, start: DateSpan, end: DateSpan, endAt: number): { from: Date; to: Date } | null {
  const { now, timeZone } = ctx.options;
  if (start.timed || start.isRange || !isYearlessLeapDay(end, timeZone)) return null;
  const first = toLocal(start.from, timeZone);
  // Days after February 29 in their year: the start is in the year before the leap day.
  const before = first.month > 2 ? 1 : 0;
  if (!start.yearless) {
    const year = first.year + before;
    if (!isCalendarDate(year, 2, 29)) {
      let next = year + 1;
      while (!isCalendarDate(next, 2, 29)) next++;
      const position = ctx.tokens[endAt]?.start ?? 0;
      throw new QuerySyntaxError(`there is no February 29, ${year}: ${year} is not a leap year; write the year of the leap day you mean ("Feb 29 ${next}")`, ctx.text, position);
    }
    return { from: start.from, to: startOfDay(year, 3, 1, timeZone) };
  }
  for (let year = toLocal(now, timeZone).year + 1; year > 0; year--) {
    if (!isCalendarDate(year, 2, 29)) continue;
    // The start as written (a day, or a month's first: "from January to Feb 29"), in the leap year or the one before.
    const from = startOfDay(year - before, first.month, first.day, timeZone);
    if (from <= now) return { from, to: startOfDay(year, 3, 1, timeZone) };
  }
  return null;
}
