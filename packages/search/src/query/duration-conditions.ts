import type { Comparison, FilterNode, NumberField } from './filter';
import { parseComparison } from './comparison';
import { chainAfter, chainNode, type ConditionParts } from './metric-conditions';
import { parseQuantity, readValue } from './quantity';
import { matchPhrase, wordAt, type Match, type RuleContext } from './rule';
import { boundedNumberAt } from './trailing-bounds';

/** Words meaning "slow" or "fast" runs (relative speed; "slowest"/"fastest" are sorts, not filters). */
export const SPEED_WORDS: ReadonlyMap<string, 'slow' | 'fast'> = new Map([
  ['slow', 'slow'], ['slower', 'slow'], ['sluggish', 'slow'],
  ['fast', 'fast'], ['faster', 'fast'], ['quick', 'fast'], ['quicker', 'fast'], ['speedy', 'fast'],
]);

/** Verbs that introduce a run's duration: "took longer than 5 minutes", "lasted under 30s". */
export const DURATION_VERBS: ReadonlySet<string> = new Set(['took', 'taking', 'takes', 'lasted', 'lasting', 'lasts', 'ran']);

/** Bare comparisons that imply a column: "longer than 1 hour" is a duration, "slower than 2s" a response time. */
const IMPLIED: ReadonlyMap<string, [NumberField, Comparison]> = new Map<string, [NumberField, Comparison]>([
  ['longer than', ['durationSeconds', '>']],
  ['shorter than', ['durationSeconds', '<']],
  ['slower than', ['avgResponseTime', '>']],
  ['faster than', ['avgResponseTime', '<']],
  ['quicker than', ['avgResponseTime', '<']],
]);
const IMPLIED_PHRASES = [...IMPLIED.keys()];

/**
 * "took longer than 5 minutes", "runs longer than 1 hour", "shorter than 2m", "slower than 2s", "took over 5 minutes and
 * under 10" (later bare comparisons measure the same).
 */
export function durationConditionRule(ctx: RuleContext, i: number): Match<FilterNode, never> | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  const implied = DURATION_VERBS.has(word) ? null : matchPhrase(ctx, i, IMPLIED_PHRASES);
  if (!implied && !DURATION_VERBS.has(word)) return null;
  const field = implied ? IMPLIED.get(implied[0])![0] : 'durationSeconds';
  const start = implied ? i : wordAt(ctx, i + 1) === 'for' ? i + 2 : i + 1;
  const first = secondsCondition(ctx, start);
  if (!first) return null;
  const chain = chainAfter(ctx, first, 'seconds');
  return { end: chain.end, node: chainNode<FilterNode>(chain, (op, value) => ({ kind: 'number', field, op, value })), warnings: chain.warnings };
}

/**
 * An operator at `j` followed by a duration, or a duration with a bound after it ("took 5 minutes or more", "lasted an
 * hour or longer"); null (no error) when no number follows a word operator.
 */
function secondsCondition(ctx: RuleContext, j: number): ConditionParts | null {
  const bounded = boundedNumberAt(ctx, j);
  const comparison = bounded?.comparison ?? parseComparison(ctx, j);
  if (!comparison || comparison.weak) return null;
  if (!comparison.symbolic && !parseQuantity(ctx, comparison.end)) return null;
  const warnings: string[] = [];
  const value = readValue(ctx, comparison, 'seconds', warnings);
  if (!value) return null;
  return { end: bounded?.end ?? value.end, comparisons: [{ op: comparison.op, value: value.value }], warnings };
}

/** "slow", "fast", "slow responses" (the noun is a stop word) → a relative speed condition. */
export function speedRule(ctx: RuleContext, i: number): Match<FilterNode, never> | null {
  const word = wordAt(ctx, i);
  const speed = word === undefined ? undefined : SPEED_WORDS.get(word);
  return speed ? { end: i + 1, node: { kind: 'speed', speed } } : null;
}
