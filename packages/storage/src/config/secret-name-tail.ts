import { SECRET_PARAM } from './secret-words';
import { safeDecode, type Span } from './url-user-info';

/** A character that may be part of a parameter's name; anything else after a secret-looking name separates a value. */
const NAME_CHAR = /[\p{L}\p{N}_]/u;

/** A candidate separator: one character that is not a name's (nor `%`), or a percent-escape, once or twice encoded. */
const SEPARATOR = /%(?:25)?([0-9a-f]{2})|[^\p{L}\p{N}_%]/giu;

/** Whether a percent-escape's byte separates: not a letter, digit or `_`, and no byte of a UTF-8 letter (0x80 and up). */
function escapeSeparates(hex: string): boolean {
  const byte = parseInt(hex, 16);
  return byte < 0x80 && !NAME_CHAR.test(String.fromCharCode(byte));
}

/**
 * What follows a secret-looking name at the start of a query parameter's name (or value) as decoded from a URL,
 * whatever separates it: `password S3cret`, `token\tS3cret`, `password+S3cret`, `x password:S3cret`. A parser quotes
 * such a parameter back whole (`unknown query parameter "password S3cret"`), and there is no telling which separator
 * a user meant as `=`. Only for text known to be a parameter: in a driver's free text a secret word and a space are
 * prose (PostgreSQL's `password authentication failed for user …`). The span starts after the first separator that
 * ends a secret-looking prefix, so the name and its separator stay readable; undefined when nothing follows.
 * @internal
 */
export function secretNameTailSpan(name: string): Span | undefined {
  SEPARATOR.lastIndex = 0;
  for (let match = SEPARATOR.exec(name); match; match = SEPARATOR.exec(name)) {
    if (match[1] !== undefined && !escapeSeparates(match[1])) continue;
    const from = match.index + match[0].length;
    if (from >= name.length) return undefined;
    // Read decoded, twice for a name encoded twice (`pass%2577ord`), as redact-url.ts reads names.
    if (SECRET_PARAM.test(safeDecode(safeDecode(name.slice(0, match.index))))) return [from, name.length];
  }
  return undefined;
}
