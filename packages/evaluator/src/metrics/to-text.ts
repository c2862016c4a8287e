import { toSafeValue } from '../run/safe-value';

/**
 * The text a metric compares: strings as they are, `null`/`undefined` as '', numbers, booleans and
 * bigints through `String()`, other objects as the JSON of what the recorder stores for them (`toSafeValue`: so
 * `{a: 1}` is `{"a":1}`, a bigint inside is its decimal string, a Map its `[key, value]` pairs, a Set an array, a
 * circular reference "[Circular]"). Plain `JSON.stringify` wrote `{}` for every Map and Set and failed on bigints
 * and cycles, so different values read as the same text and "matched".
 * @internal
 */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  // No character limit: a metric compares whole values (a long string past the recorder's limit must still count).
  if (typeof value === 'object') return JSON.stringify(toSafeValue(value, Number.POSITIVE_INFINITY)) ?? '';
  return String(value);
}
