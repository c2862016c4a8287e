/** At most this many characters of a file's text on each side of a position go into an error message. */
const SIDE = 30;

/**
 * A short, safe quote of `text` around `offset` for an error message: at most 30 characters on each side (so a
 * secret elsewhere in the file never appears), cut at code-point boundaries, with control characters, quotes and
 * backslashes escaped as in JSON, "…" marking what was cut, and the whole quote at most ~80 characters.
 * @internal
 */
export function safeExcerpt(text: string, offset: number): string {
  const at = Math.max(0, Math.min(offset, text.length));
  let start = Math.max(0, at - SIDE);
  let end = Math.min(text.length, at + SIDE);
  // Do not split a surrogate pair.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start++;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
  const quoted = JSON.stringify(text.slice(start, end)).slice(1, -1);
  const clipped = quoted.length > 76 ? `${quoted.slice(0, 76)}` : quoted;
  return `"${start > 0 ? '…' : ''}${clipped}${end < text.length ? '…' : ''}"`;
}

/** A value from a file, quoted safely for a message (see {@link safeExcerpt}), from its start. @internal */
export function quoteValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return safeExcerpt(text, 0);
}

/** 1-based line and column of an offset. @internal */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
