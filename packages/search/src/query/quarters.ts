import type { DateSpan } from './relative-dates';
import { wordAt, type RuleContext } from './rule';
import { startOfDay, toLocal } from './time-zone';

const QUARTER_RE = /^q([1-4])$/;
/** A quarter and its year in one word: "q3-2026", "q3/2026", "2026-q3", "2026q3". */
const JOINED_RE = /^(?:q([1-4])[-/]?((?:19|2\d)\d\d)|((?:19|2\d)\d\d)[-/]?q([1-4]))$/;
const YEAR_RE = /^(?:19|2\d)\d\d$/;

/** A year at `j`, also after "of" or a comma ("Q3 of 2026", "Q3, 2026"), as [year, end]. */
function yearAt(ctx: RuleContext, j: number): [number, number] | null {
  const k = wordAt(ctx, j) === 'of' || ctx.tokens[j]?.text === ',' ? j + 1 : j;
  const word = wordAt(ctx, k);
  return word !== undefined && YEAR_RE.test(word) ? [Number(word), k + 1] : null;
}

function quarterSpan(ctx: RuleContext, quarter: number, year: number, end: number): DateSpan {
  const month = quarter * 3 - 2;
  const { timeZone } = ctx.options;
  return { from: startOfDay(year, month, 1, timeZone), to: startOfDay(year, month + 3, 1, timeZone), end, year, month };
}

/**
 * A calendar quarter: "Q3", "Q3 2026", "Q3 of 2026", "2026 Q3", "Q3-2026", "2026-Q3", in the caller's time zone. Without
 * a year it is the most recent such quarter that has started: "Q1" asked in November 2026 is January–March 2026, "Q3"
 * asked in February 2026 is July–September 2025 (dates without a year follow the same rule).
 */
export function quarterAt(ctx: RuleContext, i: number): DateSpan | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  const joined = JOINED_RE.exec(word);
  if (joined) return quarterSpan(ctx, Number(joined[1] ?? joined[4]), Number(joined[2] ?? joined[3]), i + 1);
  const yearFirst = YEAR_RE.test(word) ? QUARTER_RE.exec(wordAt(ctx, i + 1) ?? '') : null;
  if (yearFirst) return quarterSpan(ctx, Number(yearFirst[1]), Number(word), i + 2);
  const quarter = QUARTER_RE.exec(word);
  if (!quarter) return null;
  const q = Number(quarter[1]);
  const year = yearAt(ctx, i + 1);
  if (year) return quarterSpan(ctx, q, year[0], year[1]);
  const { now, timeZone } = ctx.options;
  const thisYear = toLocal(now, timeZone).year;
  const started = quarterSpan(ctx, q, thisYear, i + 1);
  return started.from.getTime() <= now.getTime() ? started : quarterSpan(ctx, q, thisYear - 1, i + 1);
}
