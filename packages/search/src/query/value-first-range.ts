import { QuerySyntaxError } from '../errors';
import type { FilterNode } from './filter';
import { conditionAfter, joined, targetNode } from './metric-conditions';
import { measureAfterValueAt, valueKindOf } from './metric-names';
import { parseQuantity } from './quantity';
import { wordAt, type Match, type RuleContext } from './rule';

/**
 * A range before what it measures: "between 80 and 90 accuracy", "between 80% and 90% accuracy", "between 100 and 500
 * items", "between 1 and 2s latency". The numbers are read as after the measure ("accuracy between 80 and 90"): a
 * bare number is a metric's value as written (the search warns when the stored means are 0–1), and a unit written once,
 * after the second number, is both's. Only a measure right after the second number makes it a range, so "between 1
 * and 15 October" and "between 2 and 3 weeks ago" stay dates.
 */
export function valueFirstRangeRule(ctx: RuleContext, i: number): Match<FilterNode, never> | null {
  if (wordAt(ctx, i) !== 'between') return null;
  const low = parseQuantity(ctx, i + 1);
  const high = low && wordAt(ctx, low.end) === 'and' ? parseQuantity(ctx, low.end + 1) : null;
  const target = high && measureAfterValueAt(ctx, high.end);
  if (!high || !target) return null;
  let parts: ReturnType<typeof conditionAfter>;
  try {
    parts = conditionAfter(ctx, i, true, valueKindOf(target.target));
  } catch (error) {
    // A number that does not fit the measure ("between 2s and 5s accuracy") leaves the words to the other rules.
    if (error instanceof QuerySyntaxError) return null;
    throw error;
  }
  if (!parts || parts.end !== high.end) return null;
  const nodes = parts.comparisons.map((c) => targetNode(target.target, c.op, c.value));
  return { end: target.end, node: joined(nodes) as FilterNode, warnings: parts.warnings };
}
