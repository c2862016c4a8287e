import { ConfigError } from '../errors';
import type { MetricFunction } from '../types';
import { jsonEqual } from './json-equal';
import { isObject, jsonAt, jsonLeaves } from './json-leaves';
import { parseJsonOutput } from './parse-json-output';

/** Options of {@link createJsonMatch}. */
export interface JsonMatchOptions {
  /** 'exact' (default): 1 or 0 for deep equality; 'partial': the fraction of expected leaves found in the output. */
  mode?: 'exact' | 'partial';
}

/**
 * `json_match`: compares output and expected as JSON, ignoring key order; unparseable output scores 0. Integers of more
 * than 15 digits compare exactly, as in Python's `json.loads` (9007199254740993 is not 9007199254740992); any nesting
 * depth that parses is compared.
 */
export function createJsonMatch(options: JsonMatchOptions = {}): MetricFunction {
  const mode = options.mode ?? 'exact';
  if (mode !== 'exact' && mode !== 'partial') {
    throw new ConfigError(`json_match: mode must be 'exact' or 'partial', got ${JSON.stringify(mode)}`);
  }
  return function json_match(output, expected) {
    const wanted = parseJsonOutput(expected);
    if (!wanted.ok) {
      throw new TypeError('json_match: the expected value is not JSON; give a JSON string, object, array, number or boolean');
    }
    // An expected value given as an object or number was read by JSON.parse, so its integers past 2^53 are rounded:
    // the output is read the same way then, or the very same text would not match. Text is read exactly on both sides.
    const actual = parseJsonOutput(output, typeof expected === 'string');
    if (!actual.ok) return 0;
    if (mode === 'exact') return jsonEqual(actual.value, wanted.value) ? 1 : 0;
    const leaves = jsonLeaves(wanted.value);
    let matched = 0;
    for (const leaf of leaves) if (leafMatches(jsonAt(actual.value, leaf.path), leaf.value)) matched++;
    return matched / leaves.length;
  };
}

/** An empty expected object or array is matched by any object or array; anything else by equality. */
function leafMatches(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected) && expected.length === 0) return Array.isArray(actual);
  if (isObject(expected) && Object.keys(expected).length === 0) return isObject(actual);
  return jsonEqual(actual, expected);
}
