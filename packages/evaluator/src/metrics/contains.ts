import { ConfigError } from '../errors';
import type { MetricFunction } from '../types';
import { normalizeText } from './normalize-text';

/** Options of {@link createContains}. */
export interface ContainsOptions {
  /** Match case exactly. Default false (case-insensitive). */
  caseSensitive?: boolean;
  /** With an array of expected strings: all must occur (default) or any one. */
  mode?: 'all' | 'any';
}

/**
 * `contains`: true when the output contains the expected text as a substring, or all/any of an array of texts.
 * Normalisation: values as text (objects as JSON), lowercased (`toLowerCase`) unless `caseSensitive`, then Unicode
 * NFC; no trimming, no other changes.
 */
export function createContains(options: ContainsOptions = {}): MetricFunction {
  const mode = options.mode ?? 'all';
  if (mode !== 'all' && mode !== 'any') {
    throw new ConfigError(`contains: mode must be 'all' or 'any', got ${JSON.stringify(mode)}`);
  }
  const normalize = { ignoreCase: !(options.caseSensitive ?? false), trim: false };
  return function contains(output, expected) {
    if (expected === null || expected === undefined) {
      throw new TypeError('contains: the item has no expected value; give it a string or an array of strings');
    }
    const text = normalizeText(output, normalize);
    if (!Array.isArray(expected)) return text.includes(normalizeText(expected, normalize));
    const found = (needle: unknown): boolean => text.includes(normalizeText(needle, normalize));
    return mode === 'all' ? expected.every(found) : expected.some(found);
  };
}
