/**
 * What storage accepts in one item, for code that must record only what storage will keep without loading storage
 * itself (the evaluator with storeRuns: false, a worker writing a recovery file): this module imports nothing, and is
 * published on its own as `@llm-eval/storage/limits`. Storage's item checks (item-rows.ts) use these same values.
 */

/**
 * Largest value one item may carry per field. Far above anything real (a response time of 31 years, a cost of a
 * trillion, two billion tokens for one call), and low enough that a run's running totals of a million items stay
 * finite: PostgreSQL refuses a double precision sum that overflows, which would fail the whole batch.
 */
export const ITEM_NUMBER_LIMITS: Readonly<{ responseTime: number; cost: number; tokensUsed: number }> = Object.freeze({
  responseTime: 1e9,
  cost: 1e12,
  tokensUsed: 2_147_483_647,
});

/** Length of an item's varchar(255) columns (item id, error type, trace id), counted on the text as stored. */
export const MAX_STORED_TEXT = 255;

/**
 * Deepest nesting of arrays and objects a stored JSON value may have. SQLite's JSON functions refuse text nested past
 * 1,000 levels ("malformed JSON"), and every read of a run's items goes through them: one deeper item would make the
 * whole run's items unreadable. The evaluator records values cut at this depth, so nothing it stores comes near.
 */
export const MAX_JSON_DEPTH = 500;

/** Characters an escaped code unit takes as stored: U+FDD0 and four hex digits (see stored-text.ts). */
const ESCAPE_LENGTH = 5;

/** Characters the UTF-16 unit at `i` takes as stored, and how many units it stands for (2 for a surrogate pair). */
function unitAt(text: string, i: number): [stored: number, units: number] {
  const code = text.charCodeAt(i);
  if (code === 0 || code === 0xfdd0) return [ESCAPE_LENGTH, 1];
  if (code < 0xd800 || code > 0xdfff) return [1, 1];
  const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
  if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return [2, 2];
  // An unpaired surrogate (a low one here never follows a high one: a pair is taken whole above).
  return [ESCAPE_LENGTH, 1];
}

/** Whether storing `text` may change it: it has NUL, U+FDD0 or a surrogate (paired ones are kept, but need a look). */
const MAYBE_ESCAPED = /[\u0000\uFDD0\uD800-\uDFFF]/;

/**
 * Characters `text` takes as stored: NUL, U+FDD0 and each unpaired surrogate are kept as an escape of 5 characters
 * (see stored-text.ts), everything else as it is. Equal to the stored text's length, without building it.
 */
export function storedLength(text: string): number {
  if (!MAYBE_ESCAPED.test(text)) return text.length;
  let length = 0;
  for (let i = 0; i < text.length; ) {
    const [stored, units] = unitAt(text, i);
    length += stored;
    i += units;
  }
  return length;
}

/**
 * The longest start of `text` that takes at most `max` characters as stored: cut between code points, so neither a
 * surrogate pair nor a stored escape is split.
 */
export function storedPrefix(text: string, max: number): string {
  if (!MAYBE_ESCAPED.test(text)) return text.slice(0, max);
  let length = 0;
  let i = 0;
  while (i < text.length) {
    const [stored, units] = unitAt(text, i);
    if (length + stored > max) break;
    length += stored;
    i += units;
  }
  return text.slice(0, i);
}

/** Whether a calendar date and time exist (2026-02-30 and hour 24 do not), also for code that must not load storage. */
export { calendarFieldsExist, daysInMonth } from './calendar-fields';
