import { QuerySyntaxError } from '../errors';
import { parseComparison } from './comparison';
import type { Comparison } from './filter';
import type { ConditionParts } from './metric-conditions';
import { measureAfterValueAt } from './metric-names';
import { parseQuantity, readValue, type ValueKind } from './quantity';
import { amountAt } from './relative-dates';
import { wordAt, type RuleContext } from './rule';
import { runSortRule } from './sort-and-limit';
import { timeRule } from './time-phrases';
import { endsWithTrailingBound, trailingBoundAt } from './trailing-bounds';

/**
 * A bare value listed after a comparison at `end`. After an equality: "accuracy 0.5 or 0.9", "accuracy is 0.5, 0.7 or
 * 0.9" (either value: a run has one mean, so "0.5 and 0.9" is either too, as "failed and cancelled" is either status),
 * "accuracy is not 0.5 or 0.9" and "not 0.5 nor 0.9" (neither). After any other comparison the value takes that
 * comparison, joined as written: "accuracy above 0.5 or 0.9" is above either, "tokens over 1000 and 5000" over both
 * (not after a range, nor after a bound written after its number: "0.9 or higher or 0.5" leaves 0.5 alone).
 */
export function listedValueAt(ctx: RuleContext, end: number, previous: ConditionParts, kind: ValueKind): { parts: ConditionParts; joiner: 'and' | 'or' } | null {
  const only = previous.comparisons.length === 1 ? previous.comparisons[0]! : undefined;
  if (only === undefined || previous.either) return null;
  if (only.op !== '=' && only.op !== '!=') {
    // "accuracy 0.9 or higher or 0.5": a bound written after its number is not carried to the next one.
    if (endsWithTrailingBound(ctx, end)) return null;
    const joiner = wordAt(ctx, end);
    if (joiner !== 'or' && joiner !== 'and') return null;
    const parts = bareValueAt(ctx, end + 1, only.op, kind);
    return parts && { parts, joiner };
  }
  let k = end;
  const comma = ctx.tokens[k]?.kind === 'punct' && ctx.tokens[k]!.text === ',';
  if (comma) k++;
  const word = wordAt(ctx, k);
  if (word === 'or' || word === 'and' || (word === 'nor' && only.op === '!=')) k++;
  else if (!comma) return null;
  const parts = bareValueAt(ctx, k, only.op, kind);
  return parts && { parts, joiner: only.op === '=' ? 'or' : 'and' };
}

/**
 * A value right after its measure with no operator: "accuracy 0.9", "success rate 100%" are equal to it, as "accuracy is
 * 0.9" is. A number that starts something else is left to the other rules: an amount of time ("accuracy 3 days ago"),
 * a count of another measure ("accuracy 5 failures"), a number with its own bound ("3 or more failures"), a limit before a sort word ("accuracy 5 latest"), a number
 * compared after it ("rouge 2 above 0.5"), as is a value that does not fit the measure ("accuracy 2s").
 */
export function bareValueAt(ctx: RuleContext, j: number, op: Comparison, kind: ValueKind): ConditionParts | null {
  const quantity = parseQuantity(ctx, j);
  if (!quantity || (quantity.unit === 'none' && amountAt(ctx, j)) || timeRule(ctx, j)?.node) return null;
  if (measureAfterValueAt(ctx, quantity.end) || runSortRule(ctx, j) || trailingBoundAt(ctx, quantity.end)) return null;
  const after = parseComparison(ctx, quantity.end);
  if (after && !after.weak) return null;
  const token = ctx.tokens[j]!;
  const warnings: string[] = [];
  try {
    const value = readValue(ctx, { op, end: j, position: token.start, written: token.text, symbolic: false, weak: true }, kind, warnings);
    return value && { comparisons: [{ op, value: value.value }], end: value.end, warnings };
  } catch (error) {
    if (error instanceof QuerySyntaxError) return null;
    throw error;
  }
}
