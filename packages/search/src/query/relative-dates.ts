import { integerAt, wordAt, type RuleContext } from './rule';
import { DateTime } from 'luxon';
import { fromLocal, startOfDay, toLocal, weekday, type LocalDateTime } from './time-zone';

/** A time span [from, to) that a date expression denotes, and the token after it. */
export interface DateSpan {
  readonly from: Date;
  readonly to: Date;
  readonly end: number;
  /** Year and month of the span's start, so "between 1 and 15 October" can place the bare "1". */
  readonly year?: number;
  readonly month?: number;
  /** True when the expression was itself a range ("Nov 1 until Nov 10"). */
  readonly isRange?: boolean;
  /** True when that range was written end first ("Nov 5 to Nov 1") and was swapped. */
  readonly reversed?: boolean;
  /** True when the date was written without its year ("Feb 29", "March 27"), which the reading rules then chose. */
  readonly yearless?: boolean;
  /** True when a time of day was written with the date ("2026-11-27 09:00"). */
  readonly timed?: boolean;
  /** The time zone written after that time ("2026-11-27 09:00 Z"), which the other time of a range takes. */
  readonly zone?: string;
}

/** Calendar units; weeks start on Monday. */
export type Unit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

const UNIT_WORDS: ReadonlyMap<string, Unit> = new Map<string, Unit>([
  ...names('minute', ['minute', 'minutes', 'min', 'mins']),
  ...names('hour', ['hour', 'hours', 'hr', 'hrs']),
  ...names('day', ['day', 'days']),
  ...names('week', ['week', 'weeks', 'wk', 'wks']),
  ...names('month', ['month', 'months', 'mo', 'mos']),
  ...names('quarter', ['quarter', 'quarters']),
  ...names('year', ['year', 'years', 'yr', 'yrs']),
]);
/** Two weeks: no calendar unit, so "last fortnight" and "past fortnight" are both the rolling 14 days. */
const FORTNIGHT_WORDS: ReadonlySet<string> = new Set(['fortnight', 'fortnights']);
const COMPACT_UNITS: Readonly<Record<string, Unit>> = { m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  ['a', 'an', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].map((w, n) => [w, Math.max(1, n - 1)]),
);
const DAY_WORDS: ReadonlyMap<string, number> = new Map([['today', 0], ['yesterday', -1], ['tomorrow', 1]]);
/** Weekday names (0 = Sunday); abbreviations only count after a preposition ("since mon"). */
export const WEEKDAYS: ReadonlyMap<string, number> = new Map(
  ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((d, n) => [d, n]),
);
const WEEKDAY_ABBREVIATIONS: ReadonlyMap<string, number> = new Map([
  ['sun', 0], ['mon', 1], ['tue', 2], ['tues', 2], ['wed', 3], ['thu', 4], ['thur', 4], ['thurs', 4], ['fri', 5], ['sat', 6],
]);
/** Words that begin a relative date, for the list of reserved words. */
export const RELATIVE_DATE_WORDS: ReadonlySet<string> = new Set(['today', 'yesterday', 'tomorrow', 'this', 'current', 'last', 'previous', 'past', 'next', 'ago']);

/** True for a word that names a time ("week", "today", "monday"): "week's runs" are no one's runs. */
export function isTimeWord(word: string): boolean {
  return UNIT_WORDS.has(word) || FORTNIGHT_WORDS.has(word) || DAY_WORDS.has(word) || WEEKDAYS.has(word);
}

function names(unit: Unit, list: readonly string[]): [string, Unit][] {
  return list.map((n) => [n, unit]);
}

/** A wall-clock time as a zone-free Luxon DateTime, for calendar arithmetic. */
function naive(l: LocalDateTime): DateTime {
  return DateTime.utc(l.year, l.month, l.day, l.hour, l.minute, l.second);
}

function fromNaive(d: DateTime): LocalDateTime {
  return { year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute, second: d.second };
}

/** Start of the calendar unit containing the wall-clock time `l` (ISO weeks: Monday). */
function unitStart(l: LocalDateTime, unit: Unit): LocalDateTime {
  return fromNaive(naive(l).startOf(unit));
}

/** `l` moved by `n` units on the wall clock (months clamp: March 31 minus one month is February 28/29). */
function shift(l: LocalDateTime, unit: Unit, n: number): LocalDateTime {
  return fromNaive(naive(l).plus({ [`${unit}s`]: n }));
}

/** Milliseconds in the units that are elapsed time rather than calendar time. */
const ELAPSED_MS: Readonly<Partial<Record<Unit, number>>> = { minute: 60_000, hour: 3_600_000 };

/** The milliseconds past the whole second of an instant (wall-clock times hold whole seconds). */
function millisOf(d: Date): number {
  return ((d.getTime() % 1000) + 1000) % 1000;
}

/**
 * Now moved by `n` units: minutes and hours are elapsed time, added to the instant itself (going through the wall clock
 * would read 01:10 GMT in the hour London repeats as 01:10 BST, an hour earlier); longer units move on the calendar in
 * the zone, keeping now's milliseconds, or "within 0 days" would start at the second's start.
 */
function unitsFromNow(ctx: RuleContext, n: number, unit: Unit): Date {
  const { now, timeZone } = ctx.options;
  const elapsed = ELAPSED_MS[unit];
  if (elapsed !== undefined) return new Date(now.getTime() + n * elapsed);
  if (n === 0) return now;
  return new Date(fromLocal(shift(toLocal(now, timeZone), unit, n), timeZone).getTime() + millisOf(now));
}

/**
 * The calendar unit containing `l` moved by `n` units: this week (n = 0), last week (n = -1). The hour or minute
 * containing now is found by elapsed time, since its wall-clock start may be ambiguous when the clocks fall back.
 */
function calendarSpan(ctx: RuleContext, l: LocalDateTime, unit: Unit, n: number, end: number): DateSpan {
  const { now, timeZone } = ctx.options;
  const elapsed = ELAPSED_MS[unit];
  if (elapsed !== undefined) {
    const local = toLocal(now, timeZone);
    const into = ((unit === 'hour' ? local.minute * 60 : 0) + local.second) * 1000 + millisOf(now);
    const from = new Date(now.getTime() - into + n * elapsed);
    return { from, to: new Date(from.getTime() + elapsed), end, year: toLocal(from, timeZone).year };
  }
  const start = unitStart(l, unit);
  const from = fromLocal(shift(start, unit, n), timeZone);
  return { from, to: fromLocal(shift(start, unit, n + 1), timeZone), end, year: toLocal(from, timeZone).year };
}

/** The word at `i` without a possessive 's: "this week's runs" and "today's failures" are about that time. */
function timeWordAt(ctx: RuleContext, i: number): string | undefined {
  return wordAt(ctx, i)?.replace(/['\u2019]s$/, '');
}

/** A unit written after a number or "last"/"this": `days`, `week's`. */
function unitAt(ctx: RuleContext, i: number): Unit | undefined {
  const word = timeWordAt(ctx, i);
  return word === undefined ? undefined : UNIT_WORDS.get(word);
}

/** `N unit` at `i` as [N, unit, end]: "3 days", "two weeks", "24h", "a fortnight" (2 weeks). */
export function amountAt(ctx: RuleContext, i: number): [number, Unit, number] | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  const compact = /^(\d{1,6})(mo|m|h|d|w|y)$/.exec(word);
  if (compact) return [Number(compact[1]), COMPACT_UNITS[compact[2]!]!, i + 1];
  const n = integerAt(ctx, i) ?? NUMBER_WORDS.get(word);
  if (n !== undefined && FORTNIGHT_WORDS.has(timeWordAt(ctx, i + 1) ?? '')) return [n * 2, 'week', i + 2];
  const unit = unitAt(ctx, i + 1);
  return n !== undefined && unit ? [n, unit, i + 2] : null;
}

/** Units whose bare "last" is a rolling window: no one means 14:00–15:00 by "last hour" at 15:10 ("yesterday" is the day). */
const ROLLING_LAST_UNITS: ReadonlySet<Unit> = new Set<Unit>(['minute', 'hour', 'day']);

/**
 * True when "last <unit>" at `i` is the rolling window ending now rather than the previous calendar unit: "past hour",
 * "last hour", "last day", and every "the last <unit>" or "within last <unit>" ("in the last week" is the 7 days up to
 * now, "last week" the calendar week before this one).
 */
function isRollingLast(ctx: RuleContext, i: number, word: string, unit: Unit): boolean {
  if (word === 'past') return true;
  if (word !== 'last') return false;
  const before = ctx.tokens[i - 1];
  return ROLLING_LAST_UNITS.has(unit) || (before?.kind === 'word' && (before.lower === 'the' || before.lower === 'within'));
}

/**
 * today, yesterday, this week, last month, past 24 hours, last 3 days, 2 weeks ago, monday,
 * last friday, next week, next 3 days, next friday. "next <unit>" is the next calendar unit for weeks, months, quarters
 * and years, and the window starting now for minutes, hours and days, as is "next N <units>"; nothing has been created
 * there yet, but a run's end or a filter on a future date may be asked for all the same. "last <unit>" is the previous calendar unit for weeks, months, quarters and years; "past <unit>",
 * "last minute/hour/day", "the last <unit>" and "last/past N <units>" are rolling windows ending now, as is
 * "last/past fortnight" (a fortnight is no calendar unit).
 */
export function relativeDateAt(ctx: RuleContext, i: number, afterPreposition: boolean): DateSpan | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  const now = ctx.options.now;
  const local = toLocal(now, ctx.options.timeZone);
  const dayOffset = DAY_WORDS.get(timeWordAt(ctx, i)!);
  if (dayOffset !== undefined) return calendarSpan(ctx, local, 'day', dayOffset, i + 1);
  const next = timeWordAt(ctx, i + 1);
  const weekdayNumber = (w: string | undefined) =>
    w === undefined ? undefined : WEEKDAYS.get(w) ?? (afterPreposition ? WEEKDAY_ABBREVIATIONS.get(w) : undefined);
  if (word === 'this' || word === 'current') {
    const unit = unitAt(ctx, i + 1);
    if (unit) return calendarSpan(ctx, local, unit, 0, i + 2);
    const day = weekdayNumber(next);
    return day === undefined ? null : weekdaySpan(ctx, local, day, 'this', i + 2);
  }
  if (word === 'last' || word === 'previous' || word === 'prev' || word === 'past') {
    const amount = amountAt(ctx, i + 1);
    if (amount) return rolling(ctx, now, amount[0], amount[1], amount[2]);
    if (FORTNIGHT_WORDS.has(next ?? '')) return rolling(ctx, now, 2, 'week', i + 2);
    const unit = unitAt(ctx, i + 1);
    if (unit) return isRollingLast(ctx, i, word, unit) ? rolling(ctx, now, 1, unit, i + 2) : calendarSpan(ctx, local, unit, -1, i + 2);
    const day = weekdayNumber(next);
    return day === undefined ? null : weekdaySpan(ctx, local, day, 'last', i + 2);
  }
  if (word === 'next' || word === 'coming') {
    const amount = amountAt(ctx, i + 1);
    if (amount) return ahead(ctx, now, amount[0], amount[1], amount[2]);
    if (FORTNIGHT_WORDS.has(next ?? '')) return ahead(ctx, now, 2, 'week', i + 2);
    const unit = unitAt(ctx, i + 1);
    if (unit) return ROLLING_LAST_UNITS.has(unit) ? ahead(ctx, now, 1, unit, i + 2) : calendarSpan(ctx, local, unit, 1, i + 2);
    const day = weekdayNumber(next);
    return day === undefined ? null : weekdaySpan(ctx, local, day, 'next', i + 2);
  }
  const amount = amountAt(ctx, i);
  if (amount && wordAt(ctx, amount[2]) === 'ago') {
    const [n, unit] = amount;
    if (ELAPSED_MS[unit] !== undefined) return { from: unitsFromNow(ctx, -n, unit), to: unitsFromNow(ctx, 1 - n, unit), end: amount[2] + 1 };
    return calendarSpan(ctx, shift(local, unit, -n), unit, 0, amount[2] + 1);
  }
  const day = weekdayNumber(timeWordAt(ctx, i));
  return day === undefined ? null : weekdaySpan(ctx, local, day, 'bare', i + 1);
}

/**
 * "the week", "the month", "the quarter", "the year": the current calendar unit, as after "of" in "the last day of the
 * year" (alone, "the year" is no date).
 */
export function currentUnitAt(ctx: RuleContext, i: number): DateSpan | null {
  const unit = wordAt(ctx, i) === 'the' ? unitAt(ctx, i + 1) : undefined;
  if (unit === undefined || unit !== wordAt(ctx, i + 1) || ROLLING_LAST_UNITS.has(unit)) return null;
  return calendarSpan(ctx, toLocal(ctx.options.now, ctx.options.timeZone), unit, 0, i + 2);
}

/** The instant `n` units before now ("older than 3 days" ends there), to the millisecond. */
export function unitsBeforeNow(ctx: RuleContext, n: number, unit: Unit): Date {
  return unitsFromNow(ctx, -n, unit);
}

/** [now, now + n units). */
function ahead(ctx: RuleContext, now: Date, n: number, unit: Unit, end: number): DateSpan {
  return { from: now, to: unitsFromNow(ctx, n, unit), end };
}

/** [now - n units, now). */
function rolling(ctx: RuleContext, now: Date, n: number, unit: Unit, end: number): DateSpan {
  const from = unitsBeforeNow(ctx, n, unit);
  return { from: new Date(Math.min(from.getTime(), now.getTime())), to: now, end };
}

/**
 * A weekday: bare ("monday") is the most recent one up to today, "last monday" the most recent one
 * before today, "this monday" the one in the current Monday-based week, "next monday" the first one after today.
 */
function weekdaySpan(ctx: RuleContext, l: LocalDateTime, day: number, mode: 'bare' | 'last' | 'this' | 'next', end: number): DateSpan {
  const today = weekday(l.year, l.month, l.day);
  let back: number;
  if (mode === 'this') back = ((today + 6) % 7) - ((day + 6) % 7);
  else if (mode === 'next') back = -((day - today + 7) % 7 || 7);
  else back = (today - day + 7) % 7 || (mode === 'last' ? 7 : 0);
  const from = startOfDay(l.year, l.month, l.day - back, ctx.options.timeZone);
  const to = startOfDay(l.year, l.month, l.day - back + 1, ctx.options.timeZone);
  return { from, to, end };
}
