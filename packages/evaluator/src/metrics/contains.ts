import { ConfigError } from '../errors';
import { toSafeValue } from '../run/safe-value';
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
 * NFC; no trimming, no other changes. Empty texts and nulls in the expected value are ignored; an expected value with
 * nothing else (null, '', [], ['', null]) is an error, as every output contains the empty text.
 */
export function createContains(options: ContainsOptions = {}): MetricFunction {
  const mode = options.mode ?? 'all';
  if (mode !== 'all' && mode !== 'any') {
    throw new ConfigError(`contains: mode must be 'all' or 'any', got ${JSON.stringify(mode)}`);
  }
  const normalize = { ignoreCase: !(options.caseSensitive ?? false), trim: false };
  return function contains(output, expected) {
    // An empty text is contained in everything, so an expected value of only '', null or [] would score every output
    // as a match: it says the item has nothing to look for, the same as a missing expected value.
    const needles = (Array.isArray(expected) ? expected : [expected])
      .map((needle: unknown) => normalizeText(needle, normalize))
      .filter((needle) => needle !== '');
    if (needles.length === 0) {
      throw new TypeError(
        `contains: the item has no expected value (got ${describe(expected)}); give it a non-empty string or an array of them`,
      );
    }
    const text = normalizeText(output, normalize);
    const found = (needle: string): boolean => text.includes(needle);
    return mode === 'all' ? needles.every(found) : needles.some(found);
  };
}

function describe(expected: unknown): string {
  const json = JSON.stringify(toSafeValue(expected)) ?? 'undefined';
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
}
