import { z } from 'zod';

/** What an item's score may be, as a refused one is told. */
const SCORE_KINDS = 'must be a finite number, true or false, or {"error": "<why the metric failed>"}';

/** A decimal number as text (" 0.5 ", "1e-3"): what a client that quoted its numbers sent. */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Why `input` is no score: the kinds a score may be, what was sent, and the fix when it is clear. */
function notAScore(input: unknown): string {
  if (input === null) return `${SCORE_KINDS}, got null; leave a metric without a score out of scores`;
  if (typeof input === 'string') {
    const quoted = JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
    const number = NUMBER_TEXT.test(input.trim()) ? Number(input.trim()) : Number.NaN;
    return Number.isFinite(number) ? `${SCORE_KINDS}, got the string ${quoted}; send the number ${String(number)} without quotes` : `${SCORE_KINDS}, got the string ${quoted}`;
  }
  if (Array.isArray(input)) return `${SCORE_KINDS}, got an array`;
  if (typeof input === 'object') return `${SCORE_KINDS}, got an object of other keys or values; a metric error is {"error": "<text>"} alone`;
  return SCORE_KINDS;
}

/**
 * One score of an ingested item: a finite number, a boolean, or `{ error }` when the metric failed. Anything else is
 * refused saying so (zod's own message for a union was "Invalid input").
 */
export const itemScore = z.union([z.number().finite(), z.boolean(), z.object({ error: z.string() }).strict()], {
  error: (issue) => notAScore(issue.input),
});
