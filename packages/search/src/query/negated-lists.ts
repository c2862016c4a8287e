import type { FilterNode, ItemFilterNode } from './filter';
import { firstMatch, type Rule, type RuleContext } from './rule';

/** What joins the values of a list: "gpt-4, claude or llama", "gpt-4 and claude", "neither gpt-4 nor claude". */
const LIST_SEPARATORS: ReadonlySet<string> = new Set([',', 'or', 'and', 'nor', '&', '|']);

/** A list of values read after a negation word, with what reading it said. */
export interface NegatedList<N> {
  /** The values as one positive condition (`model is gpt-4 OR model is claude`); the caller negates it. */
  readonly node: N;
  readonly end: number;
  readonly warnings: string[];
}

/**
 * Two or more values of one field after a negation word at `i` ("not gpt-4 or claude", "excluding gpt-4 and claude",
 * "other than gpt-4, claude or llama"), so the negation covers the whole list, as it does for "not failed or
 * cancelled" (one status condition). Null when the next condition is alone or the list switches to another field
 * ("not gpt-4 or failed"): the negation then covers the next condition only. `join` is the grammar's `listed`.
 */
export function negatedListAt<N, S>(
  ctx: RuleContext,
  rules: readonly Rule<N, S>[],
  i: number,
  join: (list: N, next: N) => N | undefined,
  either?: (node: N) => N | undefined,
): NegatedList<N> | null {
  const first = conditionAt(ctx, rules, i);
  if (!first) return null;
  // A field's own list read as all of its values ("tag:nightly and weekly") is, negated, none of them.
  const listed = either?.(first.node);
  let list = listed ?? first.node;
  let end = first.end;
  let count = listed ? 2 : 1;
  const warnings = [...(first.warnings ?? [])];
  for (;;) {
    let k = end;
    while (LIST_SEPARATORS.has(ctx.tokens[k]?.kind === 'quoted' ? '' : (ctx.tokens[k]?.lower ?? ''))) k++;
    const next = k > end ? conditionAt(ctx, rules, k) : null;
    const joined = next && join(list, next.node);
    if (!next || !joined) break;
    list = joined;
    end = next.end;
    count++;
    warnings.push(...(next.warnings ?? []));
  }
  return count > 1 ? { node: list, end, warnings } : null;
}

/** A condition at `i` and nothing else (no connective, order or limit). */
function conditionAt<N, S>(ctx: RuleContext, rules: readonly Rule<N, S>[], i: number) {
  const match = firstMatch(ctx, rules, i);
  if (!match || match.node === undefined || match.control || match.sort !== undefined || match.limit !== undefined) return null;
  return { node: match.node, end: match.end, warnings: match.warnings };
}

type AnyNode = FilterNode | ItemFilterNode;

/**
 * What a condition is a value of: `model` for `model is gpt-4` (or `model is a OR model is b`), `metric accuracy` for
 * `accuracy = 0.9`, `status` for a status; undefined for anything else (comparisons, times, text …).
 */
function valueOf(node: AnyNode): string | undefined {
  switch (node.kind) {
    case 'field':
      return `field ${node.field}`;
    case 'metric':
    case 'score':
      return node.op === '=' ? `metric ${node.metric}` : undefined;
    case 'number':
      return node.op === '=' ? `number ${node.field}` : undefined;
    case 'status':
      return 'status';
    case 'or': {
      const values = new Set(node.children.map((c: AnyNode) => (c.kind === 'or' || c.kind === 'status' ? undefined : valueOf(c))));
      const [only] = values;
      return values.size === 1 ? only : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A condition that requires several values of one field ("tag is nightly and weekly": every one of them) as the
 * condition that any of them holds, for a negation to mean none of them; undefined for any other condition.
 */
export function eitherOfValues<N extends AnyNode>(node: N): N | undefined {
  if (node.kind !== 'and' || node.children.length < 2) return undefined;
  const fields = new Set(node.children.map((c: AnyNode) => (c.kind === 'and' || c.kind === 'or' ? undefined : valueOf(c))));
  const [only] = fields;
  return fields.size === 1 && only !== undefined ? ({ kind: 'or', children: node.children } as AnyNode as N) : undefined;
}

/**
 * `list` and `next` as one condition when `next` is another value of what `list` tests ("gpt-4" then "claude", "failed"
 * then "cancelled", "accuracy 0.5" then "accuracy 0.9"): either value; undefined when it tests something else.
 */
export function listedValues<N extends AnyNode>(list: N, next: N): N | undefined {
  const field = valueOf(list);
  if (field === undefined || field !== valueOf(next)) return undefined;
  if (list.kind === 'status' && next.kind === 'status') {
    return { kind: 'status', values: [...new Set<string>([...list.values, ...next.values])] } as AnyNode as N;
  }
  const children = [list, next].flatMap((n) => (n.kind === 'or' ? (n.children as N[]) : [n]));
  return { kind: 'or', children } as AnyNode as N;
}
