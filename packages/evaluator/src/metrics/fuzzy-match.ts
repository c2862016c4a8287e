import type { MetricFunction } from '../types';
import { codePointDistance } from './code-point-distance';
import { normalizeText } from './normalize-text';

/** Options of {@link createFuzzyMatch}. */
export interface FuzzyMatchOptions {
  /** Compare case-insensitively. Default true. */
  ignoreCase?: boolean;
}

/** `fuzzy_match`: 1 - Levenshtein distance / longer length, in code points after NFC; both empty → 1. */
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
