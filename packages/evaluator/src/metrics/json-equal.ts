/**
 * Deep equality of two JSON values: object key order is ignored, array order is not, `1` equals `1.0`, an array
 * never equals an object. A bigint (a long integer literal, see `parseJsonExact`) equals a number or bigint of
 * exactly the same value, as Python compares an int with a float. Iterative, so nesting depth is no limit.
 * @internal
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const pending: [unknown, unknown][] = [[a, b]];
  for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
    if (!shallowEqual(pair[0], pair[1], pending)) return false;
  }
  return true;
}

/** Compares `a` and `b` one level deep, queueing the pairs of children that remain to compare. */
function shallowEqual(a: unknown, b: unknown, pending: [unknown, unknown][]): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    // `==` between a bigint and a number compares their exact mathematical values (and never string forms here).
    return isNumeric(a) && isNumeric(b) && a == b;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) pending.push([a[i], b[i]]);
    return true;
  }
  if (Array.isArray(b)) return false;
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const keys = Object.keys(aRecord);
  if (keys.length !== Object.keys(bRecord).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(bRecord, key)) return false;
    pending.push([aRecord[key], bRecord[key]]);
  }
  return true;
}

function isNumeric(value: unknown): value is number | bigint {
  return typeof value === 'number' || typeof value === 'bigint';
}
