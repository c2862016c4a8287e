/** A wall-clock date and time in some time zone; month is 1-12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Recently converted instants; cleared when full. */
const recent = new Map<string, LocalDateTime>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the IANA time zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time of `instant` in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  if (!isValidDate(instant)) return { year: NaN, month: NaN, day: NaN, hour: NaN, minute: NaN, second: NaN };
  // formatToParts is slow and every word of a query asks for "now" in the same zone.
  const key = `${timeZone} ${instant.getTime()}`;
  const cached = recent.get(key);
  if (cached) return cached;
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
  if (recent.size >= 256) recent.clear();
  recent.set(key, local);
  return local;
}

/** Minutes to add to UTC to get the wall-clock time of `instant` in `timeZone` (New York in winter: -300). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  if (!isValidDate(instant)) return 0;
  const local = toLocal(instant, timeZone);
  const asUtc = utcOf(local);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant at which the wall clock in `timeZone` shows `local` (the earlier one in a DST overlap). */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const guess = utcOf(local);
  if (!Number.isFinite(guess)) return new Date(Number.NaN);
  const first = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  const second = guess - offsetMinutes(new Date(first), timeZone) * 60_000;
  return new Date(Math.min(first, second));
}

function utcOf(local: LocalDateTime): number {
  const date = new Date(Date.UTC(2000, local.month - 1, local.day, local.hour, local.minute, local.second));
  date.setUTCFullYear(local.year);
  return date.getTime();
}

/** Midnight at the start of a calendar day (month and day may overflow: day 0 is the last day of the previous month). */
export function startOfDay(year: number, month: number, day: number, timeZone: string): Date {
  return fromLocal(calendarDate(year, month, day), timeZone);
}

/** Normalises an overflowing calendar date (Nov 31 → Dec 1, month 13 → January of the next year). */
export function calendarDate(year: number, month: number, day: number): LocalDateTime {
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(year, month - 1, day);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 0, minute: 0, second: 0 };
}

/** Day of the week of a calendar date: 0 = Sunday … 6 = Saturday. */
export function weekday(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDay();
}

/** True for a Date that holds a time (not `Invalid Date`). */
export function isValidDate(date: Date): boolean {
  return Number.isFinite(date.getTime());
}

/** `YYYY-MM-DD`, or `YYYY-MM-DD HH:mm` when the instant is not at local midnight. */
export function formatLocal(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  const date = `${String(l.year).padStart(4, '0')}-${pad(l.month)}-${pad(l.day)}`;
  return l.hour === 0 && l.minute === 0 && l.second === 0 ? date : `${date} ${pad(l.hour)}:${pad(l.minute)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
