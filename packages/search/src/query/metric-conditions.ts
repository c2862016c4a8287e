import { QuerySyntaxError } from '../errors';
import { bareValueAt, listedValueAt } from './bare-values';
import type { Comparison, FilterNode } from './filter';
import { namesMeasure, parseComparison } from './comparison';
import { measureAfterValueAt, runTargetAt, valueKindOf, type MetricTarget } from './metric-names';
import { parseQuantity, readValue, round, type ValueKind } from './quantity';
import { sliceTokens, wordAt, type Match, type RuleContext } from './rule';
import { timeRule } from './time-phrases';
import { boundedNumberAt } from './trailing-bounds';

/** A condition read after a target: one comparison, or two for "between a and b". */
export interface ConditionParts {
  readonly comparisons: readonly { op: Comparison; value: number }[];
  /** "not between a and b": either comparison holds (below a or above b); otherwise both must. */
  readonly either?: boolean;
  readonly end: number;
  readonly warnings: string[];
}

/**
 * Reads `<operator> <value>`, `[is] <value> or more` (or fewer, higher …) or `between <value> and <value>` at token
 * `j`. Returns null when no comparison follows, or when a word operator is followed by no number and the target was a
 * loose word ("precision under load" is free text). Throws QuerySyntaxError for `success rate >` and `accuracy > high`.
 */
export function conditionAfter(ctx: RuleContext, j: number, definite: boolean, kind: ValueKind): ConditionParts | null {
  const warnings: string[] = [];
  // "accuracy between …", "accuracy is between …", "accuracy is not between …".
  let k = j;
  while (BETWEEN_FILLERS.has(wordAt(ctx, k) ?? '')) k++;
  const negated = BETWEEN_NOT.has(wordAt(ctx, k) ?? '');
  if (wordAt(ctx, negated ? k + 1 : k) === 'between') {
    const range = betweenAfter(ctx, negated ? k + 1 : k, kind, warnings);
    if (!range || !negated) return range;
    // Outside the range, rather than NOT (…): a run without the metric has no value outside it either.
    const [low, high] = range.comparisons;
    return { ...range, comparisons: [{ op: '<', value: low!.value }, { op: '>', value: high!.value }], either: true };
  }
  const comparison = parseComparison(ctx, j);
  // "accuracy 0.9 or higher", "accuracy of 0.9 or higher": a bound after the number is the operator.
  const bounded = !comparison || comparison.weak ? boundedConditionAt(ctx, comparison?.end ?? j, kind) : null;
  if (bounded) return bounded;
  if (!comparison) return null;
  if (!parseQuantity(ctx, comparison.end) && !comparison.symbolic && !definite) return null;
  const value = readValue(ctx, comparison, kind, warnings);
  if (!value) return null;
  return { comparisons: [{ op: comparison.op, value: value.value }], end: value.end, warnings };
}

/**
 * A number at `j` bounded by words after it ("0.9 or higher"). A number that does not fit the measure is no bound
 * ("accuracy 2s or more" stays text, as it was; "accuracy is 2s or more" is then refused as "accuracy is 2s" is).
 */
function boundedConditionAt(ctx: RuleContext, j: number, kind: ValueKind): ConditionParts | null {
  const bounded = boundedNumberAt(ctx, j);
  if (!bounded) return null;
  const warnings: string[] = [];
  try {
    const value = readValue(ctx, bounded.comparison, kind, warnings)!;
    return { comparisons: [{ op: bounded.comparison.op, value: value.value }], end: bounded.end, warnings };
  } catch (error) {
    if (error instanceof QuerySyntaxError) return null;
    throw error;
  }
}

const BETWEEN_FILLERS: ReadonlySet<string> = new Set(['is', 'was', 'are', 'were', 'be']);
const BETWEEN_NOT: ReadonlySet<string> = new Set(['not', "isn't", "aren't", "wasn't", "weren't", 'isnt', 'arent']);

function betweenAfter(ctx: RuleContext, j: number, kind: ValueKind, warnings: string[]): ConditionParts | null {
  const low = parseQuantity(ctx, j + 1);
  if (!low || wordAt(ctx, low.end) !== 'and' || !parseQuantity(ctx, low.end + 1)) return null;
  const atLow = { op: '>=' as const, end: j + 1, position: ctx.tokens[j]!.start, written: 'between', symbolic: false, weak: false };
  const to = readValue(ctx, { ...atLow, op: '<=', end: low.end + 1 }, kind, warnings)!;
  // "between 1 and 5 minutes", "between 80 and 90%": the unit written once, after the second number, is both's.
  const high = parseQuantity(ctx, low.end + 1)!;
  const scale = low.unit === 'none' && high.unit !== 'none' ? unitScale(ctx, low.end + 1, to.value) : null;
  const from = scale === null ? readValue(ctx, atLow, kind, warnings)! : { ...low, value: round(low.value * scale) };
  // As reversed dates are: "accuracy between 0.9 and 0.1" is the range from 0.1 to 0.9, said in a warning.
  if (from.value > to.value) warnings.push(`"${sliceTokens(ctx, j, to.end)}": the numbers were reversed; swapped them`);
  return {
    comparisons: [
      { op: '>=', value: Math.min(from.value, to.value) },
      { op: '<=', value: Math.max(from.value, to.value) },
    ],
    end: to.end,
    warnings,
  };
}

/** What conditionAfter reads at `j`, else a bare value equal to the measure ("accuracy 0.9"). @internal */
export function conditionOrValueAfter(ctx: RuleContext, j: number, definite: boolean, kind: ValueKind): ConditionParts | null {
  return conditionAfter(ctx, j, definite, kind) ?? bareValueAt(ctx, j, '=', kind);
}

function bareComparisonAt(ctx: RuleContext, k: number, kind: ValueKind): ConditionParts | null {
  const comparison = parseComparison(ctx, k);
  if (comparison && namesMeasure(comparison)) return null;
  try {
    const parts = conditionAfter(ctx, k, false, kind);
    // "or above 90% success rate" names its own measure; "and over 3 days ago" is a time.
    return parts && !measureAfterValueAt(ctx, parts.end) && !timeRule(ctx, k)?.node ? parts : null;
  } catch (error) {
    if (error instanceof QuerySyntaxError) return null;
    throw error;
  }
}

/** The filter node of a comparison on a run column or metric. */
export function targetNode(target: MetricTarget, op: Comparison, value: number): FilterNode {
  return target.kind === 'number'
    ? { kind: 'number', field: target.field, op, value }
    : { kind: 'metric', metric: target.metric, op, value };
}

/** Conditions on one measure: what conditionAfter read, then more comparisons joined by or/and (OR of ANDs). */
export interface ConditionChain {
  readonly groups: readonly (readonly ConditionParts[])[];
  readonly end: number;
  readonly warnings: string[];
}

/** Words that join another comparison on the same measure: "accuracy below 0.5 or above 0.9", "above 0.5 but below 0.9". */
const CHAIN_WORDS: ReadonlyMap<string, 'and' | 'or'> = new Map<string, 'and' | 'or'>([['or', 'or'], ['and', 'and'], ['but', 'and']]);

/**
 * `first`, then bare comparisons after "or", "and" or "but", which reuse its measure: "accuracy below 0.5 or above
 * 0.9", "tokens over 1000 and under 5000". A comparison that names a measure of its own ("or above 90% success rate")
 * or whose value does not fit this one ("accuracy below 0.5 or over 2s") is left to the other rules, as are time
 * phrases ("and over 3 days ago") and anything that is no comparison ("or model gpt-4"). "and" binds tighter than "or".
 * After an equality, bare values may be listed too ("accuracy 0.5, 0.7 or 0.9": see listedValueAt).
 */
export function chainAfter(ctx: RuleContext, first: ConditionParts, kind: ValueKind): ConditionChain {
  const groups: ConditionParts[][] = [[first]];
  const warnings = [...first.warnings];
  let end = first.end;
  let last = first;
  for (;;) {
    const joiner = CHAIN_WORDS.get(wordAt(ctx, end) ?? '');
    const compared = joiner && bareComparisonAt(ctx, end + 1, kind);
    const next = compared ? { parts: compared, joiner } : listedValueAt(ctx, end, last, kind);
    if (!next) break;
    if (next.joiner === 'or') groups.push([next.parts]);
    else groups[groups.length - 1]!.push(next.parts);
    warnings.push(...next.parts.warnings);
    end = next.parts.end;
    last = next.parts;
  }
  return { groups, end, warnings };
}

/** The node of a chain, each comparison made by `leaf`; nested ANDs and ORs flattened. @internal */
export function chainNode<N>(chain: ConditionChain, leaf: (op: Comparison, value: number) => N): N {
  const flat = (node: N, kind: 'and' | 'or'): N[] => {
    const n = node as { kind?: string; children?: N[] };
    return n.kind === kind && n.children ? n.children : [node];
  };
  const part = (p: ConditionParts) => joined(p.comparisons.map((c) => leaf(c.op, c.value)), p.either) as N;
  const all = (nodes: N[], kind: 'and' | 'or'): N => {
    const children = nodes.flatMap((n) => flat(n, kind));
    return children.length === 1 ? children[0]! : ({ kind, children } as N);
  };
  return all(chain.groups.map((group) => all(group.map(part), 'and')), 'or');
}

/**
 * Conditions on run numbers and metrics: "success rate > 80%", "accuracy >= 0.9", "latency below 500ms", "accuracy below
 * 0.5 or above 0.9", "accuracy 0.5 or 0.9".
 */
export function metricConditionRule(ctx: RuleContext, i: number): Match<FilterNode, never> | null {
  const target = runTargetAt(ctx, i);
  if (!target) return null;
  const kind = valueKindOf(target.target);
  const parts = conditionOrValueAfter(ctx, target.end, target.definite, kind);
  if (!parts) return null;
  const chain = chainAfter(ctx, parts, kind);
  return { end: chain.end, node: chainNode(chain, (op, value) => targetNode(target.target, op, value)), warnings: chain.warnings };
}

/** One condition, or all of them (any of them for `either`). @internal */
export function joined<N>(nodes: N[], either?: boolean): N | { kind: 'and' | 'or'; children: N[] } {
  return nodes.length === 1 ? nodes[0]! : { kind: either ? 'or' : 'and', children: nodes };
}

/**
 * A number before what it measures: "over 90% accuracy", "more than 1000 items", "under 2s latency", "fewer than 5
 * failures". It is a guess from word order, so a number that does not fit the measure ("above 2s accuracy") leaves the
 * words to the other rules instead of being an error.
 */
export function valueFirstConditionRule(ctx: RuleContext, i: number): Match<FilterNode, never> | null {
  const comparison = parseComparison(ctx, i);
  const quantity = comparison && !comparison.weak ? parseQuantity(ctx, comparison.end) : null;
  if (!comparison || !quantity) return null;
  const target = measureAfterValueAt(ctx, quantity.end);
  if (!target) return null;
  const warnings: string[] = [];
  let value: ReturnType<typeof readValue>;
  try {
    value = readValue(ctx, comparison, valueKindOf(target.target), warnings);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return null;
    throw error;
  }
  if (!value) return null;
  // "over 90% accuracy or under 10%": later bare comparisons are on the same measure.
  const first: ConditionParts = { comparisons: [{ op: comparison.op, value: value.value }], end: target.end, warnings };
  const chain = chainAfter(ctx, first, valueKindOf(target.target));
  return { end: chain.end, node: chainNode(chain, (op, v) => targetNode(target.target, op, v)), warnings: chain.warnings };
}

/**
 * What the unit written with the number at token `i` ("5m", "5 minutes", "90%") multiplies by, found from the value
 * it was read as; null when the number is 0 (nothing to find it from).
 */
function unitScale(ctx: RuleContext, i: number, readAs: number): number | null {
  const written = parseFloat(ctx.tokens[i]!.text.replace(/^[$€£]/, ''));
  return written === 0 || !Number.isFinite(written) ? null : readAs / written;
}
