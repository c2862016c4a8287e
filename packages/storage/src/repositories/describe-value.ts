/** Longest description of a value in a message; a longer one is cut and ends in `…`. */
const MAX_DESCRIPTION = 100;

/**
 * A value as a message shows it ("got …"): numbers as themselves (`NaN`, `Infinity`, `-Infinity`, which JSON would
 * print as `null`), BigInts with their `n`, anything else as JSON when it has a JSON form (cut to 100 characters),
 * else its type. Never throws (a cycle, a BigInt inside an object).
 * @internal
 */
export function describeValue(value: unknown): string {
  const text = describeWhole(value);
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

function describeWhole(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return String(value);
  if (value === undefined || typeof value === 'function') return typeof value;
  try {
    // Inside objects too, a number JSON cannot hold is shown as itself rather than as null.
    const json = JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
    );
    return json ?? typeof value;
  } catch {
    // A cycle, or a toJSON that throws.
    return `an ${Array.isArray(value) ? 'array' : 'object'} with no JSON form`;
  }
}
