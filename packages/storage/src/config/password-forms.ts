import { safeDecode, writtenPassword, type Span } from './url-user-info';

/** Shortest secret masked wherever it occurs; a shorter one only where it stands alone. */
export const MIN_SUBSTRING_SECRET = 3;

/** A letter or digit ending (starting) a text: a short secret next to one is part of a word, not the secret. */
const WORD_END = /[\p{L}\p{N}]$/u;
const WORD_START = /^[\p{L}\p{N}]/u;

/** A percent-encoding of `text` with lower-case hex digits (`%2f`), as some users write it. */
function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

/**
 * Every spelling of the password a URL carried that text quoted from the URL may show: as written, percent-decoded,
 * and percent-encoded (upper- or lower-case hex, a space as `%20` or `+`, as a query string writes it). Only the whole
 * password: a value that merely shares characters with it is no secret, and masking such a value would mangle what the
 * user typed and tell whoever probes with values which characters the password starts with.
 */
export function passwordForms(url: string): string[] {
  const written = writtenPassword(url);
  if (written === undefined || written === '') return [];
  const decoded = safeDecode(written);
  const encoded = encodeURIComponent(decoded);
  const forms = [written, decoded, encoded, lowerHex(encoded), encoded.replace(/%20/g, '+'), lowerHex(encoded).replace(/%20/g, '+')];
  // Longest first, so a shorter spelling never leaves part of a longer one behind.
  return [...new Set(forms.filter((form) => form !== ''))].sort((a, b) => b.length - a.length);
}

/**
 * Where `text` holds one of `forms` whole: anywhere for a form of 3 or more characters, and where it stands alone
 * (not inside a word or number) for a shorter one, which would otherwise garble words (`"***assword"` for "p").
 */
export function occurrenceSpans(text: string, forms: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (const form of forms) {
    const alone = form.length < MIN_SUBSTRING_SECRET;
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
      const end = at + form.length;
      // Two code units either side hold the neighbouring character, whether or not it is a surrogate pair.
      if (alone && (WORD_END.test(text.slice(Math.max(0, at - 2), at)) || WORD_START.test(text.slice(end, end + 2)))) continue;
      spans.push([at, end]);
    }
  }
  return spans;
}

/**
 * The password and its pieces between URL delimiters, raw and decoded, when the password holds a `/`, `?` or `#`: a
 * parser then ends the user info there and quotes the password's pieces as a port, path or query parameter
 * (`user:12?ss@host` reads as port 12 and a query parameter `ss@host`). Empty for any other password, which a parser
 * reads whole, so that no text it quotes can be a piece of it.
 */
export function misreadPieces(url: string): string[] {
  const password = writtenPassword(url);
  if (password === undefined || !/[/?#]/.test(password)) return [];
  const pieces = password.split(/[/?#@&=;:]+/).filter((piece) => piece.length >= 2);
  const all = [password, safeDecode(password), ...pieces, ...pieces.map(safeDecode)];
  // Longest first, so a piece never leaves part of a longer fragment behind.
  return [...new Set(all.filter((f) => f !== ''))].sort((a, b) => b.length - a.length);
}
