/**
 * What storage accepts for one item, mirrored here so the evaluator records only values it will store: the dataset
 * check, the recorded usage and error types use these whether or not the run is stored (a result saved to a file is
 * imported later), and without loading @llm-eval/storage (storeRuns: false loads no database module).
 */

/**
 * The largest value one item may carry per field, as @llm-eval/storage's item rules have it (ITEM_NUMBER_LIMITS in its
 * item-rows.ts, which it does not export): past it, storage refuses the whole item.
 * @internal
 */
export const ITEM_NUMBER_LIMITS = { responseTime: 1e9, cost: 1e12, tokensUsed: 2_147_483_647 } as const;

/** Length of the varchar(255) columns an item has (item id, error type): storage checks it on the text as stored. @internal */
export const MAX_STORED_TEXT = 255;

/** Characters an escaped code unit takes as stored: U+FDD0 and four hex digits (storage's stored-text.ts). */
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

/** Whether storing `text` changes it: it has NUL, U+FDD0 or a surrogate (paired ones are kept, but need a look). */
const MAYBE_ESCAPED = /[\u0000\uFDD0\uD800-\uDFFF]/;

/**
 * Characters `text` takes as stored: storage keeps NUL, U+FDD0 and each unpaired surrogate as an escape of 5
 * characters (see its stored-text.ts), everything else as it is. @internal
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
 * surrogate pair nor a stored escape is split. @internal
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

/**
 * `text` cut to at most `max` characters as stored, saying how much was cut (`…[truncated N characters]`, N in
 * UTF-16 units of the original, as truncateText says it). Text within the limit comes back as it is. @internal
 */
export function truncateStoredText(text: string, max: number): string {
  if (storedLength(text) <= max) return text;
  const kept = storedPrefix(text, max);
  return `${kept}…[truncated ${text.length - kept.length} characters]`;
}
