import type { MetricFunction } from '../types';
import { codePointDistance } from './code-point-distance';
import { normalizeText } from './normalize-text';

/** Options of {@link createFuzzyMatch}. */
export interface FuzzyMatchOptions {
  /** Compare case-insensitively. Default true. */
  ignoreCase?: boolean;
}

/**
 * `fuzzy_match`: 1 - Levenshtein distance / length of the longer text, counted in Unicode code points; equal texts
 * (both empty included) → 1. Normalisation: values as text (objects as JSON), lowercased (`toLowerCase`) unless
 * `ignoreCase: false`, then Unicode NFC; no trimming.
 */
export function createFuzzyMatch(options: FuzzyMatchOptions = {}): MetricFunction {
  const normalize = { ignoreCase: options.ignoreCase ?? true, trim: false };
  return function fuzzy_match(output, expected) {
    const a = normalizeText(output, normalize);
    const b = normalizeText(expected, normalize);
    if (a === b) return 1;
    const result = codePointDistance(a, b);
    return 1 - result.distance / result.length;
  };
}
