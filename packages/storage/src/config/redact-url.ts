/**
 * Redaction of credentials in database URLs and in free text that may quote one.
 *
 * It works on the text, never through a URL parser, because the URLs that most need it are the ones that do not
 * parse: a `#`, `/`, `?` or `@` inside the password, a missing `:` after the scheme. When in doubt it hides more.
 */

import { MIN_SUBSTRING_SECRET, occurrenceSpans, passwordForms } from './password-forms';
import { AUTHORITY_START, safeDecode, passwordSpan, type Span } from './url-user-info';
import { SECRET_PARAM, SECRET_WORDS } from './secret-words';

/** What a hidden secret is shown as. @internal */
export const MASK = '***';

/**
 * What a URL parser reads as secret: the password of the authority (up to the first `/`, `?` or `#`), and the
 * fragment, which a database URL has no use for, so a `#` there is most likely inside a password or a parameter value.
 * The fragment stays visible only when its `#` lies in what passwordSpan takes for the password and the authority has
 * no `@` of its own (`user:p#ss@host/db`): the host after it is not a secret then. SQLite URLs are paths, where `#`
 * belongs to a file name.
 */
function parserSecretSpans(url: string, password: Span | undefined): Span[] {
  const start = AUTHORITY_START.exec(url)?.[1] ?? '';
  const after = url.slice(start.length);
  const end = after.search(/[/?#]/);
  const authority = end < 0 ? after : after.slice(0, end);
  const at = authority.lastIndexOf('@');
  const colon = authority.indexOf(':');
  const spans: Span[] = colon >= 0 && colon < at ? [[start.length + colon + 1, start.length + at]] : [];
  const hash = url.indexOf('#', start.length + authority.length);
  if (hash < 0 || hash === url.length - 1 || /^sqlite:/i.test(url)) return spans;
  const inPassword = at < 0 && password !== undefined && hash >= password[0] && hash < password[1];
  return inPassword ? spans : [...spans, [hash + 1, url.length]];
}

/** The text with each span (merged where they touch or overlap) replaced by `***`. @internal */
export function hideSpans(text: string, spans: readonly Span[]): string {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let done = 0;
  let masked = false;
  for (const [from, to] of sorted) {
    if (from < done || (from === done && masked)) {
      done = Math.max(done, to);
      continue;
    }
    out += `${text.slice(done, from)}${MASK}`;
    done = to;
    masked = true;
  }
  return out + text.slice(done);
}

/**
 * Where a parameter name starts: the start of the text, or after `?`, `&`, `;`, `#` or white space. The name may be
 * empty (`?=…`), so that a secret setting inside such a parameter's value is still seen.
 */
const PARAM_NAME = /(^|[?&;#\s])([^=?&;#\s]*)=/g;
/** The next `&name=`: where the value of a secret parameter ends at the earliest. */
const NEXT_PARAM = /&[^=&#\s]+=/g;

/** An `=` inside a parameter's value, raw or percent-encoded once or twice. */
const INNER_EQUALS = /=|%3D|%253D/gi;
/** Where a value that holds settings ends: white space or `&` (a raw one ends the parameter in a query string). */
const VALUE_END = /[\s&]/g;

/**
 * A secret setting inside another parameter's value, such as libpq's `options=-c password=…` (`-c%20password%3D…`,
 * `-c+password=…`): from the first `=` whose setting name, read decoded, looks secret, to the end of that value. A
 * parameter's name alone would miss it, and the value can say anything to PostgreSQL or be quoted back in an error.
 */
function embeddedSecretSpan(text: string, valueStart: number): Span | undefined {
  VALUE_END.lastIndex = valueStart;
  const valueEnd = VALUE_END.exec(text)?.index ?? text.length;
  const value = text.slice(valueStart, valueEnd);
  INNER_EQUALS.lastIndex = 0;
  for (let eq = INNER_EQUALS.exec(value); eq; eq = INNER_EQUALS.exec(value)) {
    // The setting's name: the last word before this `=` once the value is decoded (twice, for a value encoded twice).
    const before = safeDecode(safeDecode(value.slice(0, eq.index)).replace(/\+/g, ' '));
    const name = /([^\s=,;&:]+)$/.exec(before)?.[1];
    const from = eq.index + eq[0].length;
    if (name !== undefined && SECRET_PARAM.test(name) && from < value.length) return [valueStart + from, valueEnd];
  }
  return undefined;
}

/**
 * The value of every secret-looking `name=value` parameter (query string or libpq keyword form). Such a value runs to
 * the next `&name=` or the end of the text, since a password may hold `#`, `?`, `/`, `@`, `;`, spaces or `&`; the
 * values of other parameters end at `&`, `;`, `#` or white space, so that a secret parameter after them is still seen.
 */
function secretParamSpans(text: string): Span[] {
  const spans: Span[] = [];
  PARAM_NAME.lastIndex = 0;
  for (let match = PARAM_NAME.exec(text); match; match = PARAM_NAME.exec(text)) {
    const valueStart = match.index + match[0].length;
    // The name read decoded, twice for one encoded twice (`pass%2577ord`), as the value's settings are read.
    if (!SECRET_PARAM.test(safeDecode(safeDecode(match[2]!)))) {
      const inner = embeddedSecretSpan(text, valueStart);
      if (inner) spans.push(inner);
      PARAM_NAME.lastIndex = valueStart;
      continue;
    }
    NEXT_PARAM.lastIndex = valueStart;
    const valueEnd = NEXT_PARAM.exec(text)?.index ?? text.length;
    if (valueEnd > valueStart) spans.push([valueStart, valueEnd]);
    PARAM_NAME.lastIndex = valueEnd;
  }
  return spans;
}

/**
 * A parameter's name followed by another separator than a raw `=` (which secretParamSpans reads): an encoded `=`, a
 * `:`, or white space (raw, encoded, or a query string's `+`). `?password%3Dsecret` and `?password:secret` name no
 * parameter `password` to a URL parser, but they hold the password all the same, and the whole parameter is quoted
 * back (`unknown query parameter "password:secret"`). The name stops at the first separator, so that a value holding
 * one of the others (`password:a=b`) is hidden from there on.
 */
const LOOSE_PARAM_NAME = /(^|[?&;#\s])([^=?&;#\s]*?)(%3D|%253D|:|%3A|%253A|\s|\+|%20|%2520|%09|%0A)/gi;

/**
 * Whether a loose separator after a name that starts at `prefix` is one. An encoded `=` is, wherever `=` would be; a
 * `:` only in a query string or at the start of the text (a parameter quoted alone); white space only in a query
 * string: in prose a word and a space (`password authentication failed…`, PostgreSQL's message) are no parameter.
 */
function separatesValue(prefix: string, separator: string): boolean {
  if (/^%(25)?3D$/i.test(separator)) return true;
  if (/^(:|%(25)?3A)$/i.test(separator)) return prefix === '' || /^[?&;]$/.test(prefix);
  return /^[?&;]$/.test(prefix);
}

/** The value of every secret-looking parameter written with a loose separator (see LOOSE_PARAM_NAME), to the next `&name=` or the end. */
function looseSecretParamSpans(text: string): Span[] {
  const spans: Span[] = [];
  LOOSE_PARAM_NAME.lastIndex = 0;
  for (let match = LOOSE_PARAM_NAME.exec(text); match; match = LOOSE_PARAM_NAME.exec(text)) {
    const [, prefix = '', name = '', separator = ''] = match;
    const separatorStart = match.index + prefix.length + name.length;
    const valueStart = separatorStart + separator.length;
    if (!separatesValue(prefix, separator) || !SECRET_PARAM.test(safeDecode(safeDecode(name)))) {
      // From the separator on: white space there may start the next parameter's name.
      LOOSE_PARAM_NAME.lastIndex = Math.max(separatorStart, match.index + 1);
      continue;
    }
    NEXT_PARAM.lastIndex = valueStart;
    const valueEnd = NEXT_PARAM.exec(text)?.index ?? text.length;
    if (valueEnd > valueStart) spans.push([valueStart, valueEnd]);
    LOOSE_PARAM_NAME.lastIndex = Math.max(valueEnd, match.index + 1);
  }
  return spans;
}

/**
 * Replaces every credential-looking part of a database URL with `***`: the password of the user info (whatever
 * characters it holds, percent-encoded or not), secret query parameters and the fragment. Safe on malformed input.
 */
export function redactUrl(url: string): string {
  // Both readings of the URL are hidden: the one that ends the user info at the last `@` (as a password may hold
  // any character) and a parser's, which ends it at the first `/`, `?` or `#` and reads the rest as path, query and
  // fragment. Whatever either takes for a secret is hidden.
  const password = passwordSpan(url);
  // The password written again elsewhere (a parameter's value, the path) is hidden there too; not in the scheme,
  // which holds no secret (a password `postgres` made `postgresql://` read `***ql://`).
  const schemeEnd = AUTHORITY_START.exec(url)?.[1]?.length ?? 0;
  const elsewhere = password ? occurrenceSpans(url, passwordForms(url)).filter(([start]) => start >= schemeEnd) : [];
  const spans: Span[] = [...(password ? [password] : []), ...elsewhere, ...parserSecretSpans(url, password), ...secretParamSpans(url), ...looseSecretParamSpans(url)];
  return hideSpans(url, [...spans, ...secretWordParamSpans(url, spans)]);
}

/** A secret-looking word (SECRET_PARAM) and the letters, digits, `_` and `-` that go on after it. */
const SECRET_WORD = new RegExp(`(?:${SECRET_WORDS})[\\p{L}\\p{N}_-]*`, 'giu');

/**
 * What follows a secret-looking word, to the end of its query parameter, where the other passes hid nothing: they miss
 * a separator they do not read (`password%2BS3cret`, an encoded `+`) and a name they do not see (`x%20password%20S3cret`,
 * the word after an encoded space). Only in a URL (in prose a word and what follows it are no parameter), only in a
 * parameter without a raw `=` (a `name=value` is theirs to judge: a harmless name's value is no secret), and never in
 * one already hidden in part, so their `name=***` forms stay as they are.
 */
function secretWordParamSpans(url: string, hidden: readonly Span[]): Span[] {
  const query = url.indexOf('?');
  if (query < 0) return [];
  const hash = url.indexOf('#', query);
  const end = hash < 0 ? url.length : hash;
  const spans: Span[] = [];
  let start = query + 1;
  while (start <= end) {
    let stop = start;
    while (stop < end && url[stop] !== '&' && url[stop] !== ';') stop++;
    // A `name=value` parameter is the other passes' to judge: a value of a harmless name is no secret.
    const named = url.slice(start, stop).includes('=');
    const touched = hidden.some(([a, b]) => a < stop && b > start);
    if (!named && !touched) {
      SECRET_WORD.lastIndex = 0;
      const word = SECRET_WORD.exec(url.slice(start, stop));
      if (word) {
        const valueStart = start + word.index + word[0].length;
        if (valueStart < stop) spans.push([valueStart, stop]);
      }
    }
    start = stop + 1;
  }
  return spans;
}

/**
 * `text` with `secret` masked. A secret of one or two characters is masked only where it stands alone (not inside a
 * word or number): masked inside words, a password "p" turned `unknown query parameter "password"` into
 * `"***assword"`, garbling every message while hiding nothing a reader could not guess.
 */
function maskOccurrences(text: string, secret: string): string {
  if (secret.length >= MIN_SUBSTRING_SECRET) return text.split(secret).join(MASK);
  return maskWholeWords(text, secret);
}

/** `secret` hidden wherever it stands alone (no letter or digit right before or after it), raw and percent-encoded. */
function maskWholeWords(text: string, secret: string): string {
  let out = text;
  for (const form of new Set([secret, encodeURIComponent(secret)])) {
    const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'), MASK);
  }
  return out;
}

/**
 * Redacts credentials in free text such as a driver's error message: every URL-looking token and every
 * secret-looking `name=value` pair, plus the given secrets wherever they appear (raw and percent-encoded).
 * @internal
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = maskOccurrences(out, form);
  }
  out = out.replace(/[a-z][a-z0-9+.-]*:?\/\/[^\s"'<>`]+/gi, (url) => redactUrl(url));
  return hideSpans(out, [...secretParamSpans(out), ...looseSecretParamSpans(out)]);
}
