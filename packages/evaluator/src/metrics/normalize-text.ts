import { toText } from './to-text';

/** How {@link normalizeText} prepares a value for comparison. */
export interface NormalizeTextOptions {
  /** Lowercase (locale-independent `toLowerCase`). */
  ignoreCase: boolean;
  /** Remove surrounding whitespace (Unicode whitespace, as `String.prototype.trim`). */
  trim: boolean;
}

/**
 * `value` as text (see `toText`) in Unicode NFC, optionally trimmed and lowercased, so that
 * "é" typed as one code point equals "e" + combining acute accent.
 * @internal
 */
export function normalizeText(value: unknown, options: NormalizeTextOptions): string {
  let text = toText(value);
  if (options.trim) text = text.trim();
  if (options.ignoreCase) text = text.toLowerCase();
  return text.normalize('NFC');
}
