import { mayHoldLongInteger, parseJsonExact } from './parse-json-exact';
import { stripCodeFence } from './strip-code-fence';

/** The outcome of {@link parseJsonOutput}. */
export type ParsedJson = { ok: true; value: unknown } | { ok: false };

const NOT_JSON: ParsedJson = { ok: false };

/**
 * Reads a task output as JSON: a string is parsed (after stripping a surrounding ```json fence; an integer literal
 * of more than 15 digits becomes a bigint, see `parseJsonExact`, unless `exact` is false);
 * plain objects, arrays, finite numbers and booleans already are JSON values; anything else
 * (null, undefined, NaN, functions, class instances such as Date or Map) is not.
 * @internal
 */
export function parseJsonOutput(output: unknown, exact = true): ParsedJson {
  switch (typeof output) {
    case 'string':
      return parseJsonText(stripCodeFence(output), exact);
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

function parseJsonText(text: string, exact: boolean): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
  // Only a text with a long digit run is read again; the first parse has checked that it is valid JSON.
  return { ok: true, value: exact && mayHoldLongInteger(text) ? parseJsonExact(text) : value };
}

function isJsonContainer(value: object | null): boolean {
  if (value === null) return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
