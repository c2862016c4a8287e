import { wordAt, type RuleContext } from './rule';

/** The context with `zone` as the caller's time zone: days and times written without their own zone are that zone's. */
export function withZone(ctx: RuleContext, zone: string): RuleContext {
  return zone === ctx.options.timeZone ? ctx : { ...ctx, options: { ...ctx.options, timeZone: zone } };
}

/** Words naming UTC after a time of day. */
const UTC_WORDS = new Set(['utc', 'gmt', 'z']);
/** An offset from UTC after a time of day: "utc+2", "gmt-05:30", "utc+0530", "+02:00", "-0500" (a bare "+2" is not one). */
const OFFSET_RE = /^(?:(?:utc|gmt)([+-])(\d{1,2})(?::?(\d\d))?|([+-])(\d\d):?(\d\d))$/;

/**
 * The time zone written at token `i`, after a time of day: UTC for "UTC", "GMT" and "Z", or the fixed offset written
 * (up to ±14:00, as real zones go); null when the token names none. Zone abbreviations other than UTC and GMT (CET,
 * EST, IST…) are left alone: several zones share each of them.
 */
export function writtenZoneAt(ctx: RuleContext, i: number): string | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  if (UTC_WORDS.has(word)) return 'UTC';
  const match = OFFSET_RE.exec(word);
  if (!match) return null;
  const sign = match[1] ?? match[4]!;
  const hours = Number(match[2] ?? match[5]);
  const minutes = Number(match[3] ?? match[6] ?? 0);
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return null;
  if (hours === 0 && minutes === 0) return 'UTC';
  return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}
