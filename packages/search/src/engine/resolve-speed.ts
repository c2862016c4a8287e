import type { FilterNode } from '../query/filter';

/** How "slow" and "fast" are decided. */
export interface SpeedOptions {
  /** Fixed thresholds in seconds of average response time; each overrides the relative rule for its side. */
  slowSeconds?: number;
  fastSeconds?: number;
  /**
   * Share of the runs in scope that count as slow (the slowest) or fast (the fastest). Default 0.25, a quartile: the
   * runs at or above the value of the ⌈share·n⌉-th slowest of n runs (at or below the ⌈share·n⌉-th fastest), so more
   * than ⌈share·n⌉ only for runs tied at that value, and at least one.
   */
  quantile?: number;
}

/** Which speeds the tree asks for. @internal */
export function speedsOf(node: FilterNode | null): Set<'slow' | 'fast'> {
  const found = new Set<'slow' | 'fast'>();
  const walk = (n: FilterNode) => {
    if (n.kind === 'speed') found.add(n.speed);
    else if (n.kind === 'and' || n.kind === 'or') n.children.forEach(walk);
    else if (n.kind === 'not') walk(n.child);
  };
  if (node) walk(node);
  return found;
}

/** True when the tree contains a speed node. @internal */
export function hasSpeed(node: FilterNode | null): boolean {
  if (!node) return false;
  if (node.kind === 'speed') return true;
  if (node.kind === 'and' || node.kind === 'or') return node.children.some(hasSpeed);
  if (node.kind === 'not') return hasSpeed(node.child);
  return false;
}

/** Replaces every speed node with `replace(speed)`. @internal */
export function mapSpeed(node: FilterNode, replace: (speed: 'slow' | 'fast') => FilterNode): FilterNode {
  if (node.kind === 'speed') return replace(node.speed);
  if (node.kind === 'and' || node.kind === 'or') return { kind: node.kind, children: node.children.map((c) => mapSpeed(c, replace)) };
  if (node.kind === 'not') return { kind: 'not', child: mapSpeed(node.child, replace) };
  return node;
}

/** What "slow"/"fast" resolved to, for the explanation. @internal */
export interface ResolvedSpeed {
  slowSeconds?: number;
  fastSeconds?: number;
  note: string;
}

/**
 * Turns speed nodes into average-response-time thresholds. `thresholdOf(speed, share)` returns the average response
 * time of the ⌈share·n⌉-th slowest (or fastest) of the n runs in scope (the query without its speed conditions), or
 * null when none has one.
 * @internal
 */
export async function resolveSpeed(
  node: FilterNode,
  options: SpeedOptions,
  thresholdOf: (speed: 'slow' | 'fast', share: number) => Promise<number | null>,
): Promise<{ filter: FilterNode; resolved: ResolvedSpeed }> {
  const share = options.quantile ?? 0.25;
  const wanted = speedsOf(node);
  const slow = wanted.has('slow') ? (options.slowSeconds ?? (await thresholdOf('slow', share))) : null;
  const fast = wanted.has('fast') ? (options.fastSeconds ?? (await thresholdOf('fast', share))) : null;
  const never: FilterNode = { kind: 'or', children: [] };
  const filter = mapSpeed(node, (speed) => {
    const threshold = speed === 'slow' ? slow : fast;
    if (threshold === null) return never;
    return { kind: 'number', field: 'avgResponseTime', op: speed === 'slow' ? '>=' : '<=', value: threshold };
  });
  const pct = Math.round(share * 100);
  const parts: string[] = [];
  if (slow !== null) parts.push(`slow = avg response ≥ ${slow.toFixed(3)} s${options.slowSeconds === undefined ? ` (slowest ${pct}% in scope)` : ''}`);
  if (fast !== null) parts.push(`fast = avg response ≤ ${fast.toFixed(3)} s${options.fastSeconds === undefined ? ` (fastest ${pct}% in scope)` : ''}`);
  return { filter, resolved: { slowSeconds: slow ?? undefined, fastSeconds: fast ?? undefined, note: parts.join(', ') || 'no run in scope has a response time' } };
}
