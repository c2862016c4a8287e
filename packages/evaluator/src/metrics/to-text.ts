/**
 * The text a metric compares: strings as they are, `null`/`undefined` as '', numbers, booleans and
 * bigints through `String()`, other objects as JSON (so `{a: 1}` is `{"a":1}`, not `[object Object]`).
 * @internal
 */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    try {
      // JSON.stringify returns undefined for nothing an object can be, but a toJSON() may return undefined.
      return JSON.stringify(value) ?? String(value);
    } catch {
      // Circular structures and throwing toJSON(): fall back to the object's own string form.
      return String(value);
    }
  }
  return String(value);
}
