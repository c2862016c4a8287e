/** One leaf of a JSON value: its path (keys and indexes) and value. */
export interface JsonLeaf {
  path: readonly (string | number)[];
  value: unknown;
}

/**
 * The leaves of a JSON value, depth first: primitives, and empty objects or arrays (which a partial
 * match reads as "any object" / "any array" at that path). A primitive root is one leaf at path [].
 * @internal
 */
export function jsonLeaves(value: unknown, path: (string | number)[] = [], out: JsonLeaf[] = []): JsonLeaf[] {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((element, index) => jsonLeaves(element, [...path, index], out));
  } else if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, element] of Object.entries(value)) jsonLeaves(element, [...path, key], out);
  } else {
    out.push({ path, value });
  }
  return out;
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
