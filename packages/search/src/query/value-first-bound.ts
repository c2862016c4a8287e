import { QuerySyntaxError } from '../errors';
import type { FilterNode } from './filter';
import { targetNode } from './metric-conditions';
import { measureAfterValueAt, valueKindOf } from './metric-names';
import { parseQuantity, readValue } from './quantity';
import type { Match, RuleContext } from './rule';
import { boundComparison, trailingBoundAt } from './trailing-bounds';

/**
 * A number before what it measures, bounded by words after the number: "5 failures or more", "5 or more failures",
 * "10 items or fewer", "90% accuracy or higher", "2s latency or less" (read as "at least 5 failures" and so on). Without
 * it "5 failures" was an exact count and "or more" an OR with the text "more". The numbers are read as in "at least 90%
 * accuracy", and like there a number that does not fit the measure ("2s accuracy or more") leaves the words to the
 * other rules.
 */
export function valueFirstBoundRule(ctx: RuleContext, i: number): Match<FilterNode, never> | null {
  const quantity = parseQuantity(ctx, i);
  if (!quantity) return null;
  const before = trailingBoundAt(ctx, quantity.end);
  const target = measureAfterValueAt(ctx, before ? before.end : quantity.end);
  const bound = before ?? (target && trailingBoundAt(ctx, target.end));
  if (!target || !bound) return null;
  const warnings: string[] = [];
  let value: ReturnType<typeof readValue>;
  try {
    value = readValue(ctx, boundComparison(bound, i), valueKindOf(target.target), warnings);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return null;
    throw error;
  }
  return value && { end: Math.max(target.end, bound.end), node: targetNode(target.target, bound.op, value.value), warnings };
}
