/** One leaf of a JSON value: its path (keys and indexes) and value. */
export interface JsonLeaf {
  path: readonly (string | number)[];
  value: unknown;
}

/** A step from the root, linked to its parent: paths share their prefixes while the walk goes down. */
interface PathNode {
  parent: PathNode | undefined;
  step: string | number;
}

/**
 * The leaves of a JSON value, depth first: primitives, and empty objects or arrays (which a partial
 * match reads as "any object" / "any array" at that path). A primitive root is one leaf at path [].
 * Iterative, so nesting depth is no limit.
 * @internal
 */
export function jsonLeaves(value: unknown): JsonLeaf[] {
  const out: JsonLeaf[] = [];
  const pending: { value: unknown; node: PathNode | undefined }[] = [{ value, node: undefined }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const children = childrenOf(next.value);
    if (children.length === 0) {
      out.push({ path: pathOf(next.node), value: next.value });
      continue;
    }
    // Pushed last to first, so the first child is walked first.
    for (let i = children.length - 1; i >= 0; i--) {
      const [step, child] = children[i] as [string | number, unknown];
      pending.push({ value: child, node: { parent: next.node, step } });
    }
  }
  return out;
}

function childrenOf(value: unknown): [string | number, unknown][] {
  if (Array.isArray(value)) return value.map((element, index) => [index, element]);
  return isObject(value) ? Object.entries(value) : [];
}

function pathOf(node: PathNode | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = node; at !== undefined; at = at.parent) path.push(at.step);
  return path.reverse();
}

/** The value at `path` inside `root`, or `undefined` when the path does not exist. @internal */
export function jsonAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(node) || step >= node.length) return undefined;
      node = node[step];
    } else {
      if (!isObject(node) || !Object.hasOwn(node, step)) return undefined;
      node = node[step];
    }
  }
  return node;
}

/** A JSON object (not an array, not null). @internal */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
