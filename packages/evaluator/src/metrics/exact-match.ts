import type { MetricFunction } from '../types';
import { normalizeText } from './normalize-text';

/** Options of {@link createExactMatch}. */
export interface ExactMatchOptions {
  /** Compare case-insensitively. Default false. */
  ignoreCase?: boolean;
  /** Ignore surrounding whitespace. Default true. */
  trim?: boolean;
}

/**
 * `exact_match`: 1 when output and expected are the same text, else 0. Normalisation: values as text (null/undefined
 * '', objects as JSON), surrounding Unicode whitespace trimmed (`trim`, default on), lowercased only with
 * `ignoreCase` (default off), then Unicode NFC. Nothing else (punctuation and articles count).
 */
export function createExactMatch(options: ExactMatchOptions = {}): MetricFunction {
  const normalize = { ignoreCase: options.ignoreCase ?? false, trim: options.trim ?? true };
  return function exact_match(output, expected) {
    return normalizeText(output, normalize) === normalizeText(expected, normalize) ? 1 : 0;
  };
}
