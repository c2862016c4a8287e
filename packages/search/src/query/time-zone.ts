import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';

/**
 * Wall-clock dates and times in IANA time zones. Every conversion between an instant and a zone's wall clock goes
 * through Luxon, which reads the zone rules from Intl and resolves DST gaps and overlaps (including zones with a
 * 30-minute shift such as Australia/Lord_Howe, and zones whose clocks change at midnight such as Asia/Beirut).
 */

/** A wall-clock date and time in some time zone; month is 1-12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const zones = new Map<string, Zone | null>();

/** A fixed offset from UTC as queries write it after a time of day (clock-times.ts): `UTC+2`, `UTC-05:30`. */
const FIXED_OFFSET_RE = /^UTC([+-])(\d{1,2})(?::(\d\d))?$/;

/** The Luxon zone of an IANA name or of a fixed offset (FIXED_OFFSET_RE), or null when it is neither. */
function zoneOf(timeZone: string): Zone | null {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    const offset = FIXED_OFFSET_RE.exec(timeZone);
    if (IANAZone.isValidZone(timeZone)) zone = IANAZone.create(timeZone);
    else if (offset) zone = FixedOffsetZone.instance((offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0)));
    else zone = null;
    if (zones.size < 512) zones.set(timeZone, zone);
  }
  return zone;
}

/** True when Intl knows the IANA time zone (a fixed offset is not one a caller may name). */
export function isValidTimeZone(timeZone: string): boolean {
  return zoneOf(timeZone) instanceof IANAZone;
}

function requireZone(timeZone: string): Zone {
  const zone = zoneOf(timeZone);
  if (!zone) throw new RangeError(`unknown time zone "${timeZone}"`);
  return zone;
}

/** The instant as a Luxon DateTime in `timeZone`. */
export function zoned(instant: Date, timeZone: string): DateTime {
  return DateTime.fromMillis(instant.getTime(), { zone: requireZone(timeZone) });
}

/** Recently converted instants (every word of a query asks for "now" in the same zone); cleared when full. */
const recent = new Map<string, LocalDateTime>();

/** The wall-clock time of `instant` in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  if (!isValidDate(instant)) return { year: NaN, month: NaN, day: NaN, hour: NaN, minute: NaN, second: NaN };
  const key = `${timeZone} ${instant.getTime()}`;
  const cached = recent.get(key);
  if (cached) return cached;
  const { year, month, day, hour, minute, second } = zoned(instant, timeZone);
  const local = { year, month, day, hour, minute, second };
  if (recent.size >= 256) recent.clear();
  recent.set(key, local);
  return local;
}

/** Minutes to add to UTC to get the wall-clock time of `instant` in `timeZone` (New York in winter: -300). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return isValidDate(instant) ? requireZone(timeZone).offset(instant.getTime()) : 0;
}

/**
 * The instant at which the wall clock in `timeZone` shows `local`. A time skipped by a DST gap moves forward by the
 * gap (Luxon's rule); a time that happens twice is the earlier one.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const zone = requireZone(timeZone);
  const date = calendarDate(local.year, local.month, local.day);
  if (![date.year, local.hour, local.minute, local.second].every(Number.isFinite)) return new Date(Number.NaN);
  const dt = DateTime.fromObject({ ...date, hour: local.hour, minute: local.minute, second: local.second }, { zone });
  if (!dt.isValid) return new Date(Number.NaN);
  return new Date(earliestOccurrence(dt, zone));
}

/**
 * When the clocks fall back, a wall-clock time happens twice and Luxon may return the later one; the earlier one
 * uses the offset in force a day before (no zone changes its offset twice within a day).
 */
function earliestOccurrence(dt: DateTime, zone: Zone): number {
  const ms = dt.toMillis();
  const before = zone.offset(ms - 86_400_000);
  const earlier = ms + (dt.offset - before) * 60_000;
  return earlier < ms && zone.offset(earlier) === before ? earlier : ms;
}

/**
 * The first instant of a calendar day in `timeZone` (month and day may overflow: day 0 is the last day of the
 * previous month). A day whose midnight a DST gap skips starts when the clocks jump (01:00 in Beirut).
 */
export function startOfDay(year: number, month: number, day: number, timeZone: string): Date {
  return fromLocal(calendarDate(year, month, day), timeZone);
}

/** Normalises an overflowing calendar date (Nov 31 → Dec 1, month 13 → January of the next year). */
export function calendarDate(year: number, month: number, day: number): LocalDateTime {
  if (![year, month, day].every(Number.isFinite)) return { year: NaN, month: NaN, day: NaN, hour: 0, minute: 0, second: 0 };
  const d = DateTime.utc(year, 1, 1).plus({ months: month - 1, days: day - 1 });
  return { year: d.year, month: d.month, day: d.day, hour: 0, minute: 0, second: 0 };
}

/** True when the calendar has this date (no Feb 29 in 2026, no April 31). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return DateTime.utc(year, month, day).isValid;
}

/** Day of the week of a calendar date: 0 = Sunday … 6 = Saturday. */
export function weekday(year: number, month: number, day: number): number {
  const d = calendarDate(year, month, day);
  return DateTime.utc(d.year, d.month, d.day).weekday % 7;
}

/** True for a Date that holds a time (not `Invalid Date`). */
export function isValidDate(date: Date): boolean {
  return Number.isFinite(date.getTime());
}

/** What formatLocal shows besides the date and the minute. */
export interface FormatLocalOptions {
  /** Seconds and milliseconds, when the instant has them (a time written with seconds). */
  readonly seconds?: boolean;
  /** The UTC offset, which is shown anyway when the zone's clock shows the time twice. */
  readonly offset?: boolean;
}

/**
 * `YYYY-MM-DD`, or `YYYY-MM-DD HH:mm` when the instant is not at local midnight (`HH:mm:ss.SSS` when asked and it has
 * them), with the UTC offset (`2026-10-25 01:30 +00:00`) when asked or when the zone's clock shows that time twice (the
 * hour repeated when the clocks fall back): without it the two readings would look the same.
 */
export function formatLocal(instant: Date, timeZone: string, options: FormatLocalOptions = {}): string {
  const l = toLocal(instant, timeZone);
  const date = `${String(l.year).padStart(4, '0')}-${pad(l.month)}-${pad(l.day)}`;
  const millis = options.seconds ? ((instant.getTime() % 1000) + 1000) % 1000 : 0;
  const second = options.seconds ? l.second : 0;
  const offset = options.offset || isRepeatedTime(instant, timeZone) ? ` ${formatOffset(offsetMinutes(instant, timeZone))}` : '';
  if (l.hour === 0 && l.minute === 0 && second === 0 && millis === 0 && offset === '') return date;
  const seconds = second === 0 && millis === 0 ? '' : `:${pad(second)}${millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`}`;
  return `${date} ${pad(l.hour)}:${pad(l.minute)}${seconds}${offset}`;
}

/** True when the wall clock of `timeZone` shows the time of `instant` at another instant too (a DST fall-back). */
function isRepeatedTime(instant: Date, timeZone: string): boolean {
  if (!isValidDate(instant)) return false;
  const zone = requireZone(timeZone);
  const ms = instant.getTime();
  const own = zone.offset(ms);
  // No zone changes its offset twice within a day: the other reading of the time uses the offset of a day before or after.
  return [zone.offset(ms - 86_400_000), zone.offset(ms + 86_400_000)].some((other) => {
    if (other === own) return false;
    const twin = ms + (own - other) * 60_000;
    return zone.offset(twin) === other;
  });
}

/** `+01:00`, `-05:30`. */
function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
