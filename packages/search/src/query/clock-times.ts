import { dateExpressionAt, isIgnoredDate } from './date-expression';
import type { DateSpan } from './relative-dates';
import { sliceTokens, wordAt, type RuleContext } from './rule';
import { calendarDate, fromLocal, startOfDay, toLocal, type LocalDateTime } from './time-zone';
import { withZone, writtenZoneAt } from './written-zone';

/**
 * A time of day written at some tokens: hour 0–23, minute 0–59, the token after it, and the time zone written with it
 * (`UTC`, or a fixed offset such as `UTC+2`) when one was: the caller's time zone otherwise.
 */
interface Clock {
  readonly hour: number;
  readonly minute: number;
  readonly end: number;
  readonly zone?: string;
}

/**
 * An instant written as a time of day, with or without its day, and what the reader should be told about it; `zone`
 * when a time zone was written with the time ("9am UTC").
 */
export interface ClockInstant {
  readonly at: Date;
  readonly end: number;
  readonly warning?: string;
  readonly zone?: string;
}

/** "9am", "9:30pm", "9 a.m." (the tokenizer drops a word's last dot), "14:30", "09:05", "14:30z" (UTC). */
const CLOCK_RE = /^(\d{1,2})(?::(\d\d))?(am|pm|a\.m|p\.m)?$/;
const UTC_CLOCK_RE = /^(\d{1,2}):(\d\d)z$/;
/** The clock with the time zone written after it, if one is. */
function withWrittenZone(ctx: RuleContext, clock: Clock): Clock {
  const zone = writtenZoneAt(ctx, clock.end);
  return zone === null ? clock : { ...clock, zone, end: clock.end + 1 };
}
const MERIDIEM_WORDS: ReadonlyMap<string, 'am' | 'pm'> = new Map([['am', 'am'], ['a.m', 'am'], ['pm', 'pm'], ['p.m', 'pm']]);
const NAMED_TIMES: ReadonlyMap<string, number> = new Map([['noon', 12], ['midday', 12], ['midnight', 0]]);

/**
 * A time of day at token `i`: "9am", "9 pm", "9:30am", "12pm" (noon), "12am" (midnight), "14:30", "noon", "midnight".
 * A number alone ("9") is no time, nor is one out of range ("13pm", "25:00", "9:75").
 */
function clockAt(ctx: RuleContext, i: number): Clock | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  const utc = UTC_CLOCK_RE.exec(word);
  if (utc) {
    const hour = Number(utc[1]);
    const minute = Number(utc[2]);
    return hour <= 23 && minute <= 59 ? { hour, minute, end: i + 1, zone: 'UTC' } : null;
  }
  const clock = localClockAt(ctx, i, word);
  return clock && withWrittenZone(ctx, clock);
}

/** A time of day at token `i` (its word `word`) without a zone of its own. */
function localClockAt(ctx: RuleContext, i: number, word: string): Clock | null {
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

/** The clock's time on `day` (+ `dayOffset` days), in the zone written with it or else the caller's. */
function at(ctx: RuleContext, day: LocalDateTime, clock: Clock, dayOffset = 0): Date {
  const date = calendarDate(day.year, day.month, day.day + dayOffset);
  return fromLocal({ ...date, hour: clock.hour, minute: clock.minute, second: 0 }, clock.zone ?? ctx.options.timeZone);
}

/**
 * The instant a time of day after a date names ("yesterday 9am", "yesterday at 9am", "monday 17:00"), when the date
 * is one whole day and a time follows it; null otherwise.
 */
export function clockAfterDate(ctx: RuleContext, date: DateSpan, dateIn?: (zone: string) => DateSpan | null): ClockInstant | null {
  const day = wholeDay(ctx, date);
  const time = day && clockAt(ctx, wordAt(ctx, day.end) === 'at' ? day.end + 1 : day.end);
  if (!day || !time) return null;
  if (time.zone === undefined) return { at: at(ctx, day.day, time), end: time.end };
  // "yesterday 9am UTC": yesterday in UTC, which `dateIn` reads the date again in (the caller's may be another day).
  const zoned = withZone(ctx, time.zone);
  const again = dateIn?.(time.zone);
  const zonedDay = again ? wholeDay(zoned, again) : null;
  return { at: at(zoned, (zonedDay ?? day).day, time), end: time.end, zone: time.zone };
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
  // Days and "today" are where the time was written: UTC's for "9am UTC yesterday".
  const local = clock.zone === undefined ? ctx : withZone(ctx, clock.zone);
  const zone = clock.zone === undefined ? {} : { zone: clock.zone };
  const day = wholeDayAt(local, wordAt(ctx, clock.end) === 'on' ? clock.end + 1 : clock.end);
  if (day) return { at: at(local, day.day, clock), end: day.end, ...zone };
  const { now, timeZone } = local.options;
  if (sameDayAs) {
    const anchor = toLocal(sameDayAs, timeZone);
    const sameDay = at(local, anchor, clock);
    return { at: sameDay > sameDayAs ? sameDay : at(local, anchor, clock, 1), end: clock.end, ...zone };
  }
  const today = at(local, toLocal(now, timeZone), clock);
  if (today <= now) return { at: today, end: clock.end, ...zone };
  const written = sliceTokens(ctx, i, clock.end);
  return {
    at: at(local, toLocal(now, timeZone), clock, -1),
    end: clock.end,
    warning: `"${written}" has not come yet today, so it means yesterday at ${written}`,
    ...zone,
  };
}
