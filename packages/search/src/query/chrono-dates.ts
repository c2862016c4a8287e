import * as chrono from 'chrono-node';
import { checkDayAfterMonthAt, checkIsoDateAt, impossibleDateAt, MONTH_LABELS, twoDigitYear } from './impossible-dates';
import type { DateSpan } from './relative-dates';
import type { RuleContext } from './rule';
import type { Token } from './tokenize';
import { fromLocal, isCalendarDate, isValidDate, offsetMinutes, startOfDay, toLocal, type LocalDateTime } from './time-zone';
import { withZone, writtenZoneAt } from './written-zone';

/** Month names; "may" and "march" are also verbs, so alone (without a day or a preposition) they are not dates. */
export const MONTH_NAMES: ReadonlySet<string> = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
]);
const MONTH_ABBREVIATIONS = new Set(['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);
const VERB_MONTHS = new Set(['may', 'march']);
const ISO_DATE_RE = /^\d{4}-\d{1,2}-\d{1,2}(?:t[\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?$/i;
const SLASH_DATE_RE = /^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$/;
const DAY_NUMBER_RE = /^\d{1,2}(?:st|nd|rd|th)?$/;
const NUMBER_RE = /^\d{1,4}(?:st|nd|rd|th)?,?$/;
/** How many tokens after the first chrono may look at. */
const WINDOW = 6;

function isMonth(word: string | undefined): boolean {
  return word !== undefined && (MONTH_NAMES.has(word) || MONTH_ABBREVIATIONS.has(word));
}

/** Only tokens that can start a date are handed to chrono, so "may" in "may fail" stays a word. */
function mayStartDate(tokens: readonly Token[], i: number, afterPreposition: boolean): boolean {
  const token = tokens[i]!;
  if (token.kind !== 'word') return false;
  const word = token.lower;
  const next = tokens[i + 1]?.kind === 'word' ? tokens[i + 1]!.lower : undefined;
  const numberFollows = next !== undefined && NUMBER_RE.test(next);
  if (MONTH_NAMES.has(word)) return !VERB_MONTHS.has(word) || afterPreposition || numberFollows;
  if (MONTH_ABBREVIATIONS.has(word)) return afterPreposition || numberFollows;
  if (ISO_DATE_RE.test(word) || SLASH_DATE_RE.test(word)) return true;
  if (!DAY_NUMBER_RE.test(word)) return false;
  const after = tokens[i + 2]?.kind === 'word' ? tokens[i + 2]!.lower : undefined;
  return isMonth(next) || (next === 'of' && isMonth(after));
}

/**
 * A calendar date chrono understands at token `i`: "Nov 3", "2026-11-03", "October", "15 October 2025", "Nov 1 to Nov 5".
 * With `notBefore` (the start of a range) a date without a year is the first one that does not end before it.
 */
export function chronoDateAt(ctx: RuleContext, i: number, afterPreposition: boolean, notBefore?: Date): DateSpan | null {
  const { tokens } = ctx;
  if (!tokens[i] || !mayStartDate(tokens, i, afterPreposition)) return null;
  checkIsoDateAt(ctx, i);
  checkDayAfterMonthAt(ctx, i);
  let last = i;
  while (last + 1 < tokens.length && last - i < WINDOW && (tokens[last + 1]!.kind === 'word' || tokens[last + 1]!.kind === 'punct')) last++;
  // chrono reads "Nov 27 9am -05:00" as 9am to 5am: an offset after a time is left to writtenZoneAt below.
  for (let j = i + 1; j <= last; j++) {
    if (OFFSET_TOKEN_RE.test(tokens[j]!.text) && TIME_TOKEN_RE.test(tokens[j - 1]!.text)) {
      last = j - 1;
      break;
    }
  }
  const start = tokens[i]!.start;
  const { now, timeZone } = ctx.options;
  let results: chrono.ParsedResult[];
  try {
    const reference = { instant: now, timezone: offsetMinutes(now, timeZone) };
    let text = ctx.text.slice(start, tokens[last]!.end);
    results = chrono.parse(text, reference, { forwardDate: false });
    // chrono reads a zone abbreviation after a time ("9am EST") with its own, US-centric table, where several zones
    // share most abbreviations (CST, IST): the text is read again without it, and only UTC, GMT and Z are zones
    // (writtenZoneAt), as after a time alone.
    const abbreviation = results[0]?.start.isCertain('timezoneOffset') ? ZONE_ABBREVIATION_RE.exec(results[0].text) : null;
    if (results[0]?.index === 0 && abbreviation) {
      text = text.slice(0, abbreviation.index);
      results = chrono.parse(text, reference, { forwardDate: false });
    }
    // chrono reads "2026-11-27 09:00Z" as 09 o'clock, ending inside the token: read again with that Z blanked out, and
    // the Z read below. Only then: chrono reads the Z of "2026-11-27T09:00Z" itself.
    const parsed = results[0];
    if (parsed?.index === 0 && !tokens.some((t, j) => j >= i && j <= last && t.end === start + parsed.text.length)) {
      results = chrono.parse(text.replace(/(\d:\d\d(?::\d\d)?)z(?![\p{L}\p{N}])/iu, '$1 '), reference, { forwardDate: false });
    }
  } catch {
    return null;
  }
  const result = results[0];
  // chrono drops dates the calendar lacks ("Feb 29 2026"): say so rather than read the words as something else.
  if (!result || result.index !== 0) return impossibleDateAt(ctx, i);
  const matchEnd = start + result.text.length;
  let end = -1;
  let zone: string | null = null;
  for (let j = i; j <= last; j++) {
    if (tokens[j]!.end === matchEnd) end = j + 1;
    // The blanked Z of "2026-11-27 09:00Z".
    else if (tokens[j]!.start < matchEnd && tokens[j]!.end === matchEnd + 1 && /^z$/i.test(ctx.text.charAt(matchEnd))) [end, zone] = [j + 1, 'UTC'];
  }
  if (end < 0) return null;
  // A time chrono read without its zone, which follows it: "2026-11-27 09:00 Z", "Nov 27 09:00 UTC+2".
  const timed = result.start.isCertain('hour') && !result.start.isCertain('timezoneOffset');
  if (zone === null && timed) {
    zone = writtenZoneAt(ctx, end);
    if (zone !== null) end++;
  }
  if (zone !== null && !timed) return null;
  if (zone !== null) ctx = withZone(ctx, zone);
  // A written zone applies to the other time of a range written without one (time-phrases' zonedRange).
  const zoned = zone !== null ? { zone } : {};
  const first = componentSpan(ctx, result.start, notBefore);
  if (!first) return null;
  let from = first.from;
  let to = first.to;
  let isRange = false;
  let reversed = false;
  if (result.end) {
    const second = componentSpan(ctx, result.end, first.from);
    if (second) {
      isRange = true;
      // "Nov 5 to Nov 1": the end was written first (see componentSpan); the range is swapped, and the caller says so.
      reversed = second.to <= first.from;
      if (reversed) from = second.from;
      else to = second.to;
    }
  }
  const yearless = !isRange && !result.start.isCertain('year');
  return { from, to, end, year: first.year, month: first.month, isRange, ...(reversed ? { reversed } : {}), ...(yearless ? { yearless } : {}), ...(timed ? { timed } : {}), ...zoned };
}

/** The instant of a wall-clock time read as UTC, for any year (Date.UTC reads years 0–99 as 1900–1999). */
function utcTime(l: LocalDateTime): number {
  const d = new Date(0);
  d.setUTCFullYear(l.year, l.month - 1, l.day);
  return d.setUTCHours(l.hour, l.minute, l.second);
}

const NUMERIC_DATE_RE = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/;

/**
 * Warnings for the numeric dates among tokens [from, to) that read two ways: chrono takes "5/6" as month/day (May 6),
 * and day/month (June 5) is as common. Only when both numbers could be the month and they differ: "13/02/2026" and
 * "5/5" read one way.
 */
export function ambiguousDateWarnings(ctx: RuleContext, from: number, to: number): string[] {
  const warnings: string[] = [];
  for (let j = from; j < to; j++) {
    const token = ctx.tokens[j]!;
    const numeric = token.kind === 'word' ? NUMERIC_DATE_RE.exec(token.text) : null;
    if (!numeric) continue;
    const [first, second] = [Number(numeric[1]), Number(numeric[2])];
    if (first < 1 || second < 1 || first > 12 || second > 12 || first === second) continue;
    const written = numeric[3];
    const year = written === undefined ? undefined : written.length === 4 ? Number(written) : twoDigitYear(Number(written));
    const label = (month: number, day: number) => `${MONTH_LABELS[month - 1]} ${day}${year === undefined ? '' : `, ${year}`}`;
    const other = year === undefined ? `"${label(second, first)}"` : `${String(year).padStart(4, '0')}-${pad(second)}-${pad(first)}`;
    warnings.push(
      `"${token.text}" is read as month/day (${label(first, second)}); as day/month it would be ${label(second, first)}: write ${other} to mean that`,
    );
  }
  return warnings;
}

const pad = (n: number) => String(n).padStart(2, '0');

interface ComponentSpan {
  readonly from: Date;
  readonly to: Date;
  readonly year: number;
  readonly month: number;
}

/** A UTC offset as one token: "-05:00", "+0200". */
const OFFSET_TOKEN_RE = /^[+-]\d\d:?\d\d$/;
/** A token that ends a time of day: "9am", "09:00", "09:00:30", "pm". */
const TIME_TOKEN_RE = /^(?:\d{1,2}(?::\d\d){1,2}|\d{1,2}(?:am|pm|a\.m|p\.m)|am|pm|a\.m|p\.m)$/i;
/** The zone abbreviation chrono took after a time, at the end of its match: " EST", ", (CET)". */
const ZONE_ABBREVIATION_RE = /(?<=\d|am|pm|a\.m|p\.m)[\s,(]+(?!(?:am|pm)\b)[a-z]{2,4}\)?$/i;

/**
 * The span one chrono date denotes in the caller's time zone: a day, a month, a year, or an hour
 * when a time was given (from its second and millisecond). A date without a year is the most recent one that is not in
 * the future, or, as the end of a range starting at `notBefore`, the first one that does not end before the start:
 * "between Dec 30 and Jan 2" ends in the January after that December, whichever year the start is in — unless the end
 * is an earlier day of the start's month ("between Nov 5 and Nov 1"): that range was written end first.
 */
function componentSpan(ctx: RuleContext, c: chrono.ParsedComponents, notBefore?: Date): ComponentSpan | null {
  const hasDay = c.isCertain('day');
  const hasMonth = c.isCertain('month');
  if (!hasDay && !hasMonth && !c.isCertain('year')) return null;
  const month = hasMonth || hasDay ? (c.get('month') ?? 1) : 1;
  const day = hasDay ? (c.get('day') ?? 1) : 1;
  const build = (year: number): ComponentSpan => {
    const { timeZone } = ctx.options;
    if (c.isCertain('hour')) {
      const local = { year, month, day, hour: c.get('hour') ?? 0, minute: c.get('minute') ?? 0, second: c.get('second') ?? 0 };
      const offset = c.isCertain('timezoneOffset') ? c.get('timezoneOffset') : null;
      // "since …T00:00:00.001Z" starts a millisecond after midnight, not at it.
      const millisecond = c.get('millisecond') ?? 0;
      const from = new Date(
        (offset === null ? fromLocal(local, timeZone).getTime() : utcTime(local) - offset * 60_000) + millisecond,
      );
      return { from, to: new Date(from.getTime() + 3_600_000), year, month };
    }
    const from = startOfDay(year, month, day, timeZone);
    const to = hasDay
      ? startOfDay(year, month, day + 1, timeZone)
      : hasMonth
        ? startOfDay(year, month + 1, 1, timeZone)
        : startOfDay(year + 1, 1, 1, timeZone);
    return { from, to, year, month };
  };
  let span: ComponentSpan;
  // The year before or after may lack the day (Feb 29): the nearest year that has it, within the 8 years a leap day needs.
  const hasDate = (year: number) => !hasDay || isCalendarDate(year, month, day);
  if (c.isCertain('year')) span = build(c.get('year') ?? Number.NaN);
  else if (notBefore !== undefined) {
    let year = toLocal(notBefore, ctx.options.timeZone).year;
    const next = () => {
      for (let limit = year + 8; !hasDate(year) && year < limit; ) year++;
      return build(year);
    };
    span = next();
    if (span.to <= notBefore) {
      const sameYear = span;
      year++;
      span = next();
      // An earlier day of the start's own month was written before the start, not in the year after it: "between Nov 5
      // and Nov 1" is Nov 1 to 5 reversed (and swapped, with a warning), not a range of almost a year. Other months
      // wrap ("from April 1 to March 31" is a fiscal year, "from September to June" a school year).
      if (hasDay && sameYear.month === toLocal(notBefore, ctx.options.timeZone).month) span = sameYear;
    }
  } else {
    const thisYear = toLocal(ctx.options.now, ctx.options.timeZone).year;
    span = build(thisYear);
    if (span.from > ctx.options.now) {
      let year = thisYear - 1;
      while (!hasDate(year) && year > thisYear - 9) year--;
      span = build(year);
    }
  }
  return isValidDate(span.from) && isValidDate(span.to) ? span : null;
}
