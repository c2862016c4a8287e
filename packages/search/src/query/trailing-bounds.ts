import type { ParsedComparison } from './comparison';
import { parseQuantity } from './quantity';
import { matchPhrase, wordAt, type RuleContext } from './rule';

/** Bounds written after the number they bound: "5 failures or more" is at least 5, "2s or less" at most 2s. */
const TRAILING_BOUNDS: ReadonlyMap<string, '>=' | '<='> = new Map<string, '>=' | '<='>([
  ['or more', '>='], ['or higher', '>='], ['or above', '>='], ['or greater', '>='], ['or over', '>='], ['or longer', '>='],
  ['or less', '<='], ['or fewer', '<='], ['or lower', '<='], ['or below', '<='], ['or under', '<='], ['or shorter', '<='],
]);
const TRAILING_BOUND_PHRASES = [...TRAILING_BOUNDS.keys()];

/** A bound after a number ("or more"), as the operator it stands for. */
export interface TrailingBound {
  readonly op: '>=' | '<=';
  /** Index of the first token after the bound. */
  readonly end: number;
  /** Position of the bound in the query text, for errors. */
  readonly position: number;
  readonly written: string;
}

/** True when the tokens before `end` are a bound ("0.9 or higher"), which belongs to its own number only. */
export function endsWithTrailingBound(ctx: RuleContext, end: number): boolean {
  return wordAt(ctx, end - 2) === 'or' && TRAILING_BOUNDS.has(`or ${wordAt(ctx, end - 1) ?? ''}`);
}

/**
 * "or more", "or fewer" … at token `j`. Not when a comparison goes on after it: in "5 failures or more than 100 items"
 * and "accuracy below 0.5 or above 0.9" the "or" joins two conditions.
 */
export function trailingBoundAt(ctx: RuleContext, j: number): TrailingBound | null {
  const phrase = matchPhrase(ctx, j, TRAILING_BOUND_PHRASES);
  if (!phrase || wordAt(ctx, phrase[1]) === 'than' || parseQuantity(ctx, phrase[1])) return null;
  return { op: TRAILING_BOUNDS.get(phrase[0])!, end: phrase[1], position: ctx.tokens[j]!.start, written: phrase[0] };
}

/**
 * A number at `j` with a bound after it ("0.9 or higher", "2s or less") as the comparison it makes, for readValue
 * (which reads the number at the comparison's end), and the index after the bound.
 */
export function boundedNumberAt(ctx: RuleContext, j: number): { comparison: ParsedComparison; end: number } | null {
  const quantity = parseQuantity(ctx, j);
  const bound = quantity && trailingBoundAt(ctx, quantity.end);
  return bound ? { comparison: boundComparison(bound, j), end: bound.end } : null;
}

/** The comparison a bound makes with the number at token `j`, for readValue. */
export function boundComparison(bound: TrailingBound, j: number): ParsedComparison {
  return { op: bound.op, end: j, position: bound.position, written: bound.written, symbolic: false, weak: false };
}
