import { toText } from './to-text';

/**
 * The reference texts of an expected value: an array is several acceptable references (an empty
 * array is one empty reference), anything else is one (see `toText`; null/undefined is '').
 * @internal
 */
export function referenceTexts(expected: unknown): string[] {
  if (!Array.isArray(expected)) return [toText(expected)];
  return expected.length === 0 ? [''] : expected.map(toText);
}
