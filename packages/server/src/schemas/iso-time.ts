import { daysInMonth } from '@llm-eval/storage';
import { z } from 'zod';

// Every date and time the API reads (query parameters and body fields) goes through parseIsoTime: JavaScript's Date
// carries an impossible day or hour into the next one (2026-02-30 is March 2, T24:00 the next day), so the fields
// are checked here before a Date is made of them.

/** Examples of the forms every date of the API takes. */
const ISO_TIME_EXAMPLES = 'e.g. 2026-11-01, 2026-11-01T12:00:00Z or 2026-11-01T14:00+02:00 (a time without an offset is UTC)';

/** What a date or time that does not exist (2026-02-30) is told after what is wrong with it. */
const ISO_TIME_HELP = `Give an ISO 8601 date or time, ${ISO_TIME_EXAMPLES}`;

/**
 * What parseIsoTime says of a value that is not an ISO 8601 date or time at all, after "Invalid <field>: ": one
 * sentence with its examples, not ISO_TIME_HELP after it (which would say "ISO 8601 date or time" twice).
 */
export const NOT_ISO_TIME = `must be an ISO 8601 date or time, ${ISO_TIME_EXAMPLES}`;

/**
 * YYYY-MM-DD, optionally a time (`T` or a space, hh:mm, :ss, a fraction) and, with a time, an offset (Z, ±hh:mm,
 * ±hhmm or ±hh).
 */
const ISO_8601 = /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?(?:[Zz]|([+-])(\d\d)(?::?(\d\d))?)?)?$/;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * An ISO 8601 date (midnight UTC) or time (UTC when it has no offset) as a Date, or what is wrong with it: not that
 * form, or a month, day, hour, minute, second or offset that does not exist.
 */
export function parseIsoTime(text: string): Date | string {
  const m = ISO_8601.exec(text);
  if (!m) return NOT_ISO_TIME;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const wrong = (why: string) => `${text} is no ${m[4] === undefined ? 'date' : 'time'}: ${why}. ${ISO_TIME_HELP}`;
  if (month < 1 || month > 12) return wrong(`it has month ${m[2]}, and months are 01 to 12`);
  if (day < 1 || day > daysInMonth(year, month)) {
    return day < 1 ? wrong('it has day 00, and days are 01 to 31') : wrong(`${MONTHS[month - 1]} ${m[1]} has ${daysInMonth(year, month)} days`);
  }
  if (hour > 23) return wrong(`it has hour ${m[4]}, and hours are 00 to 23 (midnight is 00:00 of the next day)`);
  if (minute > 59) return wrong(`it has minute ${m[5]}, and minutes are 00 to 59`);
  if (second > 59) return wrong(`it has second ${m[6]}, and seconds are 00 to 59`);
  const [offsetHours, offsetMinutes] = [Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (offsetHours > 23 || offsetMinutes > 59) return wrong('its offset from UTC is not one: give Z or ±hh:mm from -23:59 to +23:59');
  const date = new Date(0);
  // setUTCFullYear rather than Date.UTC, which reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Math.floor(Number(`0.${m[7] ?? 0}`) * 1000));
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return new Date(date.getTime() - offset * 60_000);
}

/** A string holding an ISO 8601 date or time (parseIsoTime), as a Date; an issue saying what is wrong otherwise. */
export const isoTimeString = z
  .string()
  .max(64)
  .transform((text, ctx): Date | typeof z.NEVER => {
    const date = parseIsoTime(text);
    if (typeof date !== 'string') return date;
    ctx.addIssue({ code: 'custom', message: date });
    return z.NEVER;
  });
