import type { Comparison, FilterNode, ItemFilterNode } from './filter';

type Node = FilterNode | ItemFilterNode;

/** A numeric condition's measure and comparison; undefined for any other condition. */
function comparisonOf(node: Node): { measure: string; op: Comparison; value: number } | undefined {
  switch (node.kind) {
    case 'metric':
    case 'score':
      return { measure: `metric:${node.metric}`, op: node.op, value: node.value };
    case 'number':
      return { measure: `number:${node.field}`, op: node.op, value: node.value };
    case 'responseTime':
      return { measure: 'responseTime', op: node.op, value: node.value };
    default:
      return undefined;
  }
}

/** The tightest bound on one side of a measure, and which condition (by position among its siblings) set it. */
interface Bound {
  value: number;
  strict: boolean;
  at: number;
}

/** `next` when it bounds tighter than `bound` from below (`sign` 1) or above (`sign` -1). */
function tighter(bound: Bound | undefined, next: Bound, sign: 1 | -1): Bound {
  if (!bound || sign * next.value > sign * bound.value) return next;
  return next.value === bound.value && next.strict && !bound.strict ? next : bound;
}

/**
 * Warnings for conditions on one measure joined by AND that no value meets ("accuracy < 0.5 and accuracy > 0.9",
 * "accuracy = 0.5 and accuracy = 0.7"): the search runs them as written and finds nothing, so the reader is told why.
 * ANDs under a NOT are left alone, since their negation can hold. `explain` words a condition as the explanation does.
 */
export function emptyRangeWarnings<N extends Node>(filter: N | null, explain: (node: N) => string, what: 'run' | 'item'): string[] {
  const warnings: string[] = [];
  const walk = (node: Node): void => {
    if (node.kind !== 'and' && node.kind !== 'or') return;
    const children: Node[] = node.children;
    children.forEach(walk);
    if (node.kind === 'or') return;
    const bounds = new Map<string, { low?: Bound; high?: Bound }>();
    children.forEach((child, at) => {
      const c = comparisonOf(child);
      if (!c || c.op === '!=') return;
      const entry = bounds.get(c.measure) ?? {};
      const strict = c.op === '>' || c.op === '<';
      if (c.op !== '<' && c.op !== '<=') entry.low = tighter(entry.low, { value: c.value, strict, at }, 1);
      if (c.op !== '>' && c.op !== '>=') entry.high = tighter(entry.high, { value: c.value, strict, at }, -1);
      bounds.set(c.measure, entry);
    });
    for (const { low, high } of bounds.values()) {
      if (!low || !high || low.value < high.value || (low.value === high.value && !low.strict && !high.strict)) continue;
      const [first, second] = [low.at, high.at].sort((x, y) => x - y).map((at) => explain(children[at] as N));
      warnings.push(`"${first}" and "${second}" cannot both hold: no ${what} matches both`);
    }
  };
  if (filter) walk(filter);
  return warnings;
}
