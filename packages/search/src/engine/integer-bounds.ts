import type { Comparison, NumberField } from '../query/filter';

/**
 * The number fields stored in integer columns, by the range PostgreSQL takes: [lowest, first value above]. Item counts
 * are integer (32-bit), token totals bigint (64-bit; 2^63 - 1 is no double, so the range ends before 2^63).
 */
const INTEGER_RANGES: Partial<Record<NumberField, readonly [number, number]>> = {
  totalItems: [-(2 ** 31), 2 ** 31],
  failedItems: [-(2 ** 31), 2 ** 31],
  totalTokens: [-(2 ** 63), 2 ** 63],
};

/** A comparison an integer column can take: a whole bound within its range, or none when every value or none matches. */
export type IntegerComparison = { kind: 'compare'; op: Comparison; value: number } | { kind: 'all' } | { kind: 'none' };

/**
 * A comparison of an integer column with any number, rewritten so the bound is a whole number in the column's range
 * (PostgreSQL refuses a parameter outside it, or a fraction): "> 2.5" is ">= 3", "> 5e9" on a 32-bit column matches no
 * value and "< 5e9" every value. Null for a field not stored as an integer.
 * @internal
 */
export function integerComparison(field: NumberField, op: Comparison, value: number): IntegerComparison | null {
  const range = INTEGER_RANGES[field];
  if (!range) return null;
  if (!Number.isInteger(value)) {
    if (op === '=') return { kind: 'none' };
    if (op === '!=') return { kind: 'all' };
    if (op === '>' || op === '>=') return inRange('>=', Math.ceil(value), range);
    return inRange('<=', Math.floor(value), range);
  }
  return inRange(op, value, range);
}

function inRange(op: Comparison, value: number, [lowest, beyond]: readonly [number, number]): IntegerComparison {
  const above = value >= beyond;
  if (!above && value >= lowest) return { kind: 'compare', op, value };
  if (op === '=') return { kind: 'none' };
  if (op === '!=') return { kind: 'all' };
  // A lower bound above the range, or an upper bound below it, matches no value; the others match every value.
  const lowerBound = op === '>' || op === '>=';
  return lowerBound === above ? { kind: 'none' } : { kind: 'all' };
}
