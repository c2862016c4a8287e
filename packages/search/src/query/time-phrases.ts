import { ambiguousDateWarnings } from './chrono-dates';
import { clockAfterDate, clockInstantAt, type ClockInstant } from './clock-times';
import { dateExpressionAt, dayNumberAt, isIgnoredDate, NO_LENGTH, OUT_OF_RANGE, type DateSpan, type IgnoredDate } from './date-expression';
import type { FilterNode } from './filter';
import { amountAt, unitsBeforeNow } from './relative-dates';
import { leapDayRange } from './leap-day-ranges';
import { integerAt, matchPhrase, sliceTokens, wordAt, wordOrOpAt, type Match, type RuleContext } from './rule';
import { startOfDay, toLocal } from './time-zone';
import { withZone } from './written-zone';

type TimeMatch = Match<FilterNode, never>;

/** "since X" starts at the start of X, "after X" at its end. */
const FROM_PHRASES: ReadonlyMap<string, 'start' | 'end'> = new Map([
  ['since', 'start'], ['starting', 'start'], ['starting from', 'start'], ['starting on', 'start'], ['after', 'end'], ['later than', 'end'],
]);
/** "before X" ends at the start of X, "until X" at its end (inclusive of X). */
const TO_PHRASES: ReadonlyMap<string, 'start' | 'end'> = new Map([
  ['before', 'start'], ['prior to', 'start'], ['earlier than', 'start'],
  ['until', 'end'], ['till', 'end'], ['through', 'end'], ['thru', 'end'], ['up to', 'end'], ['up until', 'end'], ['no later than', 'end'],
]);
/** Prepositions meaning "during": "on Nov 3", "in October", "from last week". */
const DURING_WORDS = new Set(['on', 'in', 'during', 'for', 'within', 'from', 'at']);
const RANGE_SEPARATORS = new Set(['to', 'until', 'till', 'through', 'thru', '-', '\u2013', '\u2014', '..']);
/** Prepositions that promise a date; when none follows they are reported, not dropped. */
const NEEDS_DATE = new Set(['since', 'after', 'before', 'until', 'till', 'between', 'during']);
const FROM_LIST = [...FROM_PHRASES.keys()];
const RELATIVE_EDGES = ['older than', 'newer than', 'younger than', 'within', 'within the last', 'within the past', 'within last', 'within past'];
const TO_LIST = [...TO_PHRASES.keys()];
/**
 * An amount of time ago with a comparison: "more than 2 weeks ago" was created before now − 2 weeks, "less than 3 days
 * ago" since now − 3 days (rolling edges, like "older than"; "2 weeks ago" alone is that calendar week).
 */
const AGO_EDGES: ReadonlyMap<string, 'before' | 'since'> = new Map([
  ['more than', 'before'], ['over', 'before'], ['at least', 'before'], ['no less than', 'before'], ['longer than', 'before'],
  ['greater than', 'before'], ['upwards of', 'before'],
  ['less than', 'since'], ['under', 'since'], ['at most', 'since'], ['no more than', 'since'], ['fewer than', 'since'],
]);
const AGO_EDGE_LIST = [...AGO_EDGES.keys()];

/** Every word that can start a time phrase (for the list of reserved words). */
export const TIME_PREPOSITIONS: ReadonlySet<string> = new Set([...FROM_LIST, ...TO_LIST, ...DURING_WORDS, 'between', 'older', 'newer', 'younger'].map((p) => p.split(' ')[0]!));

/** A date after a preposition, skipping "the" ("within the last 3 days"); `notBefore` as for dateExpressionAt. */
function dateAfter(ctx: RuleContext, j: number, notBefore?: Date): DateSpan | IgnoredDate | null {
  return dateExpressionAt(ctx, wordAt(ctx, j) === 'the' ? j + 1 : j, true, notBefore);
}

/**
 * A date, or an instant written as a time of day (a span of no length: each of its edges is the instant), with the
 * time zone written with its time, if one was.
 */
type Edge = (DateSpan & { readonly warning?: string; readonly zone?: string }) | IgnoredDate;

/**
 * A date or a time of day after a word that puts an edge on the time: "since 9am", "until yesterday 17:00", "from 9am
 * to 5pm". `sameDayAs` places a time alone on the day of the first time of a range; `rangeStart`, the start of the range
 * this edge ends, places a date without a year at its first occurrence from then on ("between Mar 27 and Apr 2").
 */
function edgeAfter(ctx: RuleContext, j: number, sameDayAs?: Date, rangeStart?: Date): Edge | null {
  const clock = clockInstantAt(ctx, j, sameDayAs);
  if (clock) return instantEdge(clock);
  const date = dateAfter(ctx, j, rangeStart);
  const dated = date && !isIgnoredDate(date) ? clockAfterDate(ctx, date, (zone) => asSpan(dateAfter(withZone(ctx, zone), j, rangeStart))) : null;
  return dated ? instantEdge(dated) : date;
}

function asSpan(date: DateSpan | IgnoredDate | null): DateSpan | null {
  return date && !isIgnoredDate(date) ? date : null;
}

function instantEdge(clock: ClockInstant): Edge {
  return { from: clock.at, to: clock.at, end: clock.end, ...(clock.warning ? { warning: clock.warning } : {}), ...(clock.zone ? { zone: clock.zone } : {}) };
}

/** The time zone written with an edge's time of day, or undefined (a date, or a time in the caller's zone). */
function zoneOfEdge(edge: Edge | null): string | undefined {
  return edge && !isIgnoredDate(edge) ? edge.zone : undefined;
}

/**
 * The two edges of a range of times, the zone written with one of them applying to the other when it has none
 * ("between 9am and 5pm UTC", "since 9am UTC until 5pm"): `read(ctx, first)` reads both edges in `ctx`, the second
 * after the first. Ranges of dates are read as they are.
 */
function zonedRange<T extends { first: Edge | null; second: Edge | null }>(ctx: RuleContext, read: (ctx: RuleContext, first?: Edge | null) => T): T {
  const pair = read(ctx);
  const firstZone = zoneOfEdge(pair.first);
  const secondZone = zoneOfEdge(pair.second);
  if (secondZone && !firstZone && hasTimeOfDay(pair.first)) return read(withZone(ctx, secondZone));
  if (firstZone && !secondZone && hasTimeOfDay(pair.second)) return read(withZone(ctx, firstZone), pair.first);
  return pair;
}

/** True for an edge written with a time of day: alone ("9am") or with its date ("2026-11-27 09:00"). */
function hasTimeOfDay(edge: Edge | null): boolean {
  return instantOf(edge) !== undefined || (edge !== null && !isIgnoredDate(edge) && edge.timed === true);
}

/** The instant of an edge written as a time of day, or undefined for a date. */
function instantOf(edge: Edge | null): Date | undefined {
  return edge && !isIgnoredDate(edge) && edge.from.getTime() === edge.to.getTime() ? edge.from : undefined;
}

/** The warning of a range written end first, swapped: "between Nov 5 and Nov 1", "from Nov 5 to Nov 1". */
function reversedDates(ctx: RuleContext, i: number, end: number): string {
  return `"${label(ctx, i, end)}": the dates were reversed; swapped them`;
}

/** That warning for a date chrono read as a range written end first ("Nov 5 to Nov 1"), none for any other. */
function reversedWarnings(ctx: RuleContext, i: number, date: DateSpan): string[] {
  return date.reversed ? [reversedDates(ctx, i, date.end)] : [];
}

function warningsOf(...edges: (Edge | null)[]): string[] {
  return edges.flatMap((e) => (e && !isIgnoredDate(e) && e.warning ? [e.warning] : []));
}

function timeNode(from: Date | undefined, to: Date | undefined): FilterNode {
  return { kind: 'time', ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The phrase as written, on one line ("this week's" as "this week"). */
function label(ctx: RuleContext, from: number, to: number): string {
  return sliceTokens(ctx, from, to).replace(/[\s\p{Cc}\p{Cf}]+/gu, ' ').replace(/['\u2019]s$/, '');
}

function found(ctx: RuleContext, i: number, end: number, from?: Date, to?: Date, warnings?: string[]): TimeMatch {
  return { end, node: timeNode(from, to), label: label(ctx, i, end), ...(warnings?.length ? { warnings } : {}) };
}

function ignored(ctx: RuleContext, i: number, end: number, reason: string): TimeMatch {
  return { end, warnings: [`ignored "${label(ctx, i, end)}": ${reason}`] };
}

/** A window that ends now; "within 0 days" and "less than 0 hours ago" have no length, as "last 0 days" has none. */
function untilNow(ctx: RuleContext, i: number, end: number, from: Date): TimeMatch {
  const now = ctx.options.now;
  return from.getTime() === now.getTime() ? ignored(ctx, i, end, NO_LENGTH) : found(ctx, i, end, from, now);
}

/**
 * "X to Y", "1 to 15 October", with `and` as a separator after "between". The start is read as it would be alone (a date
 * without a year is the most recent one), and an end without a year is the first one from the start on, so "between
 * March 27 and April 2" on March 29 ends this April 2, not last year's. The bare day number takes the month of the
 * second date and its year when written, or the year that makes the day the most recent one. Reversed dates are
 * swapped (with a warning).
 */
function rangeAt(ctx: RuleContext, i: number, j: number, allowAnd: boolean): TimeMatch | null {
  const edges = zonedRange(ctx, (zctx, known) => {
    const first = known === undefined ? edgeAfter(zctx, j) : known;
    const day = first ? undefined : dayNumberAt(ctx, j);
    const sepIndex = first ? first.end : day !== undefined ? j + 1 : -1;
    const sep = wordOrOpAt(ctx, sepIndex);
    if (sep === undefined || !(RANGE_SEPARATORS.has(sep) || (allowAnd && sep === 'and'))) return { first, day, second: null, ok: false, endAt: -1 };
    const start = first && !isIgnoredDate(first) ? first.from : day !== undefined ? bareDayStart(ctx, sepIndex + 1, day) : undefined;
    return { first, day, second: edgeAfter(zctx, sepIndex + 1, instantOf(first), start), ok: true, endAt: sepIndex + 1 };
  });
  if (!edges.ok) return null;
  const { first, day, second, endAt } = edges;
  if (!second) return null;
  if (isIgnoredDate(second)) return ignored(ctx, i, second.end, second.ignored);
  if (first && isIgnoredDate(first)) return ignored(ctx, i, second.end, first.ignored);
  const warnings = warningsOf(first, second);
  const leap = first ? leapDayRange(ctx, first, second, endAt) : null;
  if (leap) return found(ctx, i, second.end, leap.from, leap.to, warnings);
  let from: Date;
  let firstTo: Date;
  if (first) {
    from = first.from;
    firstTo = first.to;
  } else {
    if (second.year === undefined || second.month === undefined) return null;
    from = startOfDay(second.year, second.month, day!, ctx.options.timeZone);
    firstTo = startOfDay(second.year, second.month, day! + 1, ctx.options.timeZone);
  }
  if (from.getTime() >= second.to.getTime()) {
    return found(ctx, i, second.end, second.from, firstTo, [...warnings, reversedDates(ctx, i, second.end)]);
  }
  return found(ctx, i, second.end, from, second.to, warnings);
}

/**
 * The first day of the month the end of "between 27 and 31 March" names, in the year that makes day `day` of it the
 * most recent one (this year's, unless still to come), so the end is read from there on; undefined when the end
 * names no month.
 */
function bareDayStart(ctx: RuleContext, j: number, day: number): Date | undefined {
  const alone = edgeAfter(ctx, j);
  if (!alone || isIgnoredDate(alone) || alone.month === undefined) return undefined;
  const { now, timeZone } = ctx.options;
  const year = toLocal(now, timeZone).year;
  const thisYear = startOfDay(year, alone.month, day, timeZone) <= now;
  return startOfDay(thisYear ? year : year - 1, alone.month, 1, timeZone);
}

/**
 * Time conditions on when runs were created; see the README for the exact spans. A numeric date that reads two ways
 * ("5/6") is read as month/day, with a warning naming the other reading.
 */
export function timeRule(ctx: RuleContext, i: number): TimeMatch | null {
  const match = timePhraseAt(ctx, i);
  const ambiguous = match ? ambiguousDateWarnings(ctx, i, match.end) : [];
  return match && ambiguous.length ? { ...match, warnings: [...(match.warnings ?? []), ...ambiguous] } : match;
}

function timePhraseAt(ctx: RuleContext, i: number): TimeMatch | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  if (word === 'between' || word === 'from') {
    const range = rangeAt(ctx, i, i + 1, word === 'between') ?? (word === 'between' ? betweenAgo(ctx, i) : null);
    if (range) return range;
    // "from 9am", "from yesterday 17:00": since then.
    const edge = word === 'from' ? edgeAfter(ctx, i + 1) : null;
    const instant = instantOf(edge);
    if (edge && instant) return found(ctx, i, edge.end, instant, undefined, warningsOf(edge));
  }
  const since = matchPhrase(ctx, i, FROM_LIST);
  if (since) return sinceAt(ctx, i, since[1], FROM_PHRASES.get(since[0])!);
  const until = matchPhrase(ctx, i, TO_LIST);
  if (until) {
    const date = edgeAfter(ctx, until[1]);
    if (date && isIgnoredDate(date)) return ignored(ctx, i, date.end, date.ignored);
    if (date) return found(ctx, i, date.end, undefined, TO_PHRASES.get(until[0]) === 'start' ? date.from : date.to, [...warningsOf(date), ...reversedWarnings(ctx, until[1], date)]);
    return missingDate(ctx, i, until[1]);
  }
  const relative = olderOrNewer(ctx, i) ?? agoEdge(ctx, i);
  if (relative) return relative;
  if (DURING_WORDS.has(word) || isOverTheLast(ctx, i)) {
    const date = dateAfter(ctx, i + 1);
    if (date && isIgnoredDate(date)) return ignored(ctx, i, date.end, date.ignored);
    // The label leaves out the preposition: "from last week" is explained as "last week"; "in the last week" as "the
    // last week", the rolling 7 days, which "last week" (the calendar week) is not.
    const the = wordAt(ctx, i + 1) === 'the' && wordAt(ctx, i + 2) !== 'last';
    if (date) return { ...found(ctx, i, date.end, date.from, date.to, reversedWarnings(ctx, i + 1, date)), label: label(ctx, the ? i + 2 : i + 1, date.end) };
    return word === 'during' ? missingDate(ctx, i, i + 1) : null;
  }
  if (word === 'between') return missingDate(ctx, i, i + 1);
  const range = rangeAt(ctx, i, i, false);
  if (range) return range;
  const bare = dateExpressionAt(ctx, i, false);
  if (!bare) return null;
  if (isIgnoredDate(bare)) return ignored(ctx, i, bare.end, bare.ignored);
  // "the last week's runs" is the rolling 7 days: its label keeps "the", as "in the last week" does.
  const the = word === 'last' && wordAt(ctx, i - 1) === 'the';
  return { ...found(ctx, i, bare.end, bare.from, bare.to, reversedWarnings(ctx, i, bare)), ...(the ? { label: label(ctx, i - 1, bare.end) } : {}) };
}

/** "over the last month", "over the past 3 days": during (a bare "over" is a comparison, "over 2 weeks ago"). */
function isOverTheLast(ctx: RuleContext, i: number): boolean {
  return wordAt(ctx, i) === 'over' && wordAt(ctx, i + 1) === 'the' && ['last', 'past'].includes(wordAt(ctx, i + 2) ?? '');
}

/** "since X [until Y]", "after X"; X and Y may be times of day ("since 9am", "since yesterday 14:30 until 17:00"). */
function sinceAt(ctx: RuleContext, i: number, j: number, edge: 'start' | 'end'): TimeMatch | null {
  const { first: date, second, until } = zonedRange(ctx, (zctx, known) => {
    const first = known === undefined ? edgeAfter(zctx, j) : known;
    if (!first || isIgnoredDate(first)) return { first, second: null, until: null };
    const until = matchPhrase(ctx, first.end, TO_LIST) ?? (wordOrOpAt(ctx, first.end) === 'to' ? (['until', first.end + 1] as [string, number]) : null);
    return { first, second: until ? edgeAfter(zctx, until[1], instantOf(first), first.from) : null, until };
  });
  if (!date) return missingDate(ctx, i, j);
  if (isIgnoredDate(date)) return ignored(ctx, i, date.end, date.ignored);
  const from = edge === 'start' ? date.from : date.to;
  if (until && second && !isIgnoredDate(second)) {
    const leap = leapDayRange(ctx, date, second, until[1]);
    if (leap) {
      // "after" ends the start's day, "before" starts the leap day: each edge as it would be in that year.
      const from = edge === 'start' ? leap.from : new Date(leap.from.getTime() + (date.to.getTime() - date.from.getTime()));
      const to = TO_PHRASES.get(until[0]) === 'start' ? new Date(leap.to.getTime() - (second.to.getTime() - second.from.getTime())) : leap.to;
      return found(ctx, i, second.end, from, to, warningsOf(date, second));
    }
    const to = TO_PHRASES.get(until[0]) === 'start' ? second.from : second.to;
    return found(ctx, i, second.end, from, to, warningsOf(date, second));
  }
  // chrono may have read "Nov 1 until Nov 10" as one range already.
  return found(ctx, i, date.end, from, edge === 'start' && date.isRange ? date.to : undefined, [...warningsOf(date), ...reversedWarnings(ctx, i, date)]);
}

/** "older than 3 days" (created before now - 3 days), "newer than 1 week", "within 2 hours". */
function olderOrNewer(ctx: RuleContext, i: number): TimeMatch | null {
  const phrase = matchPhrase(ctx, i, RELATIVE_EDGES);
  if (!phrase) return null;
  const amount = amountAt(ctx, phrase[1]);
  if (!amount) return null;
  const edge = unitsBeforeNow(ctx, amount[0], amount[1]);
  if (!Number.isFinite(edge.getTime()) || edge.getUTCFullYear() < 1) return ignored(ctx, i, amount[2], OUT_OF_RANGE);
  return phrase[0] === 'older than' ? found(ctx, i, amount[2], undefined, edge) : untilNow(ctx, i, amount[2], edge);
}

/** "more than 2 weeks ago", "over a month old", "less than 3 days ago" (see AGO_EDGES). */
function agoEdge(ctx: RuleContext, i: number): TimeMatch | null {
  const phrase = matchPhrase(ctx, i, AGO_EDGE_LIST);
  const amount = phrase && amountAt(ctx, phrase[1]);
  if (!phrase || !amount || !['ago', 'old'].includes(wordAt(ctx, amount[2]) ?? '')) return null;
  const end = amount[2] + 1;
  const edge = unitsBeforeNow(ctx, amount[0], amount[1]);
  if (!Number.isFinite(edge.getTime()) || edge.getUTCFullYear() < 1) return ignored(ctx, i, end, OUT_OF_RANGE);
  return AGO_EDGES.get(phrase[0]) === 'before' ? found(ctx, i, end, undefined, edge) : untilNow(ctx, i, end, edge);
}

/** "between 2 and 3 weeks ago": created between now − 3 weeks and now − 2 weeks (the unit written once is both's). */
function betweenAgo(ctx: RuleContext, i: number): TimeMatch | null {
  const first = integerAt(ctx, i + 1);
  const amount = wordAt(ctx, i + 2) === 'and' ? amountAt(ctx, i + 3) : null;
  if (first === undefined || !amount || wordAt(ctx, amount[2]) !== 'ago') return null;
  const end = amount[2] + 1;
  const [near, far] = [unitsBeforeNow(ctx, Math.min(first, amount[0]), amount[1]), unitsBeforeNow(ctx, Math.max(first, amount[0]), amount[1])];
  if (![near, far].every((d) => Number.isFinite(d.getTime()) && d.getUTCFullYear() >= 1)) return ignored(ctx, i, end, OUT_OF_RANGE);
  return far.getTime() === near.getTime() ? ignored(ctx, i, end, NO_LENGTH) : found(ctx, i, end, far, near);
}

function missingDate(ctx: RuleContext, i: number, end: number): TimeMatch | null {
  const word = wordAt(ctx, i)!;
  if (!NEEDS_DATE.has(word)) return null;
  return { end, warnings: [`ignored "${label(ctx, i, end)}": no date after it that could be understood`] };
}
