import { stripCodeFence } from './strip-code-fence';

/** The outcome of {@link parseJsonOutput}. */
export type ParsedJson = { ok: true; value: unknown } | { ok: false };

const NOT_JSON: ParsedJson = { ok: false };

/**
 * Reads a task output as JSON: a string is parsed (after stripping a surrounding ```json fence);
 * plain objects, arrays, finite numbers and booleans already are JSON values; anything else
 * (null, undefined, NaN, functions, class instances such as Date or Map) is not.
 * @internal
 */
export function parseJsonOutput(output: unknown): ParsedJson {
  switch (typeof output) {
    case 'string':
      try {
        return { ok: true, value: JSON.parse(stripCodeFence(output)) };
      } catch {
        return NOT_JSON;
      }
    case 'number':
      return Number.isFinite(output) ? { ok: true, value: output } : NOT_JSON;
    case 'boolean':
      return { ok: true, value: output };
    case 'object':
      return isJsonContainer(output) ? { ok: true, value: output } : NOT_JSON;
    default:
      return NOT_JSON;
  }
}

function isJsonContainer(value: object | null): boolean {
  if (value === null) return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
