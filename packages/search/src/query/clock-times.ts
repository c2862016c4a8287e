import { dateExpressionAt, isIgnoredDate } from './date-expression';
import type { DateSpan } from './relative-dates';
import { sliceTokens, wordAt, type RuleContext } from './rule';
import { calendarDate, fromLocal, startOfDay, toLocal, type LocalDateTime } from './time-zone';

/** A time of day written at some tokens: hour 0–23, minute 0–59, and the token after it. */
interface Clock {
  readonly hour: number;
  readonly minute: number;
  readonly end: number;
}

/** An instant written as a time of day, with or without its day, and what the reader should be told about it. */
export interface ClockInstant {
  readonly at: Date;
  readonly end: number;
  readonly warning?: string;
}

/** "9am", "9:30pm", "9 a.m." (the tokenizer drops a word's last dot), "14:30", "09:05". */
const CLOCK_RE = /^(\d{1,2})(?::(\d\d))?(am|pm|a\.m|p\.m)?$/;
const MERIDIEM_WORDS: ReadonlyMap<string, 'am' | 'pm'> = new Map([['am', 'am'], ['a.m', 'am'], ['pm', 'pm'], ['p.m', 'pm']]);
const NAMED_TIMES: ReadonlyMap<string, number> = new Map([['noon', 12], ['midday', 12], ['midnight', 0]]);

/**
 * A time of day at token `i`: "9am", "9 pm", "9:30am", "12pm" (noon), "12am" (midnight), "14:30", "noon", "midnight".
 * A number alone ("9") is no time, nor is one out of range ("13pm", "25:00", "9:75").
 */
function clockAt(ctx: RuleContext, i: number): Clock | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  const named = NAMED_TIMES.get(word);
  if (named !== undefined) return { hour: named, minute: 0, end: i + 1 };
  const match = CLOCK_RE.exec(word);
  if (!match) return null;
  const after = match[3] === undefined ? MERIDIEM_WORDS.get(wordAt(ctx, i + 1) ?? '') : undefined;
  const meridiem = match[3] === undefined ? after : MERIDIEM_WORDS.get(match[3]);
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  if (minute > 59) return null;
  if (meridiem === undefined) return match[2] !== undefined && hour <= 23 ? { hour, minute, end: i + 1 } : null;
  if (hour < 1 || hour > 12) return null;
  return { hour: (hour % 12) + (meridiem === 'pm' ? 12 : 0), minute, end: after ? i + 2 : i + 1 };
}

/** The calendar day a span is exactly, in the caller's zone ("yesterday", "monday", "Nov 3"), or null. */
function wholeDay(ctx: RuleContext, span: DateSpan): { day: LocalDateTime; end: number } | null {
  const { timeZone } = ctx.options;
  const day = toLocal(span.from, timeZone);
  const start = startOfDay(day.year, day.month, day.day, timeZone);
  const next = startOfDay(day.year, day.month, day.day + 1, timeZone);
  return start.getTime() === span.from.getTime() && next.getTime() === span.to.getTime() ? { day, end: span.end } : null;
}

function wholeDayAt(ctx: RuleContext, i: number): { day: LocalDateTime; end: number } | null {
  const span = dateExpressionAt(ctx, i, true);
  return span && !isIgnoredDate(span) ? wholeDay(ctx, span) : null;
}

function at(ctx: RuleContext, day: LocalDateTime, clock: Clock, dayOffset = 0): Date {
  const date = calendarDate(day.year, day.month, day.day + dayOffset);
  return fromLocal({ ...date, hour: clock.hour, minute: clock.minute, second: 0 }, ctx.options.timeZone);
}

/**
 * The instant a time of day after a date names ("yesterday 9am", "yesterday at 9am", "monday 17:00"), when the date
 * is one whole day and a time follows it; null otherwise.
 */
export function clockAfterDate(ctx: RuleContext, date: DateSpan): ClockInstant | null {
  const day = wholeDay(ctx, date);
  const time = day && clockAt(ctx, wordAt(ctx, day.end) === 'at' ? day.end + 1 : day.end);
  return day && time ? { at: at(ctx, day.day, time), end: time.end } : null;
}

/**
 * An instant written starting with a time of day at token `i`, in the caller's time zone: with its day after it ("9am
 * yesterday", "9am on monday"), or alone ("9am", "14:30"), which is today at that time, unless that is still to come:
 * then, as every date without its year or day, the most recent one (yesterday), with a warning. `sameDayAs` places a
 * time alone on that instant's day instead (the day after, when it would come before it), for the second time of
 * "since 9am until 5pm" and "between 10pm and 2am". See clockAfterDate for the day before the time.
 */
export function clockInstantAt(ctx: RuleContext, i: number, sameDayAs?: Date): ClockInstant | null {
  const clock = clockAt(ctx, i);
  if (!clock) return null;
  const day = wholeDayAt(ctx, wordAt(ctx, clock.end) === 'on' ? clock.end + 1 : clock.end);
  if (day) return { at: at(ctx, day.day, clock), end: day.end };
  const { now, timeZone } = ctx.options;
  if (sameDayAs) {
    const anchor = toLocal(sameDayAs, timeZone);
    const sameDay = at(ctx, anchor, clock);
    return { at: sameDay > sameDayAs ? sameDay : at(ctx, anchor, clock, 1), end: clock.end };
  }
  const today = at(ctx, toLocal(now, timeZone), clock);
  if (today <= now) return { at: today, end: clock.end };
  const written = sliceTokens(ctx, i, clock.end);
  return {
    at: at(ctx, toLocal(now, timeZone), clock, -1),
    end: clock.end,
    warning: `"${written}" has not come yet today, so it means yesterday at ${written}`,
  };
}
