/**
 * Redaction of credentials in database URLs and in free text that may quote one.
 *
 * It works on the text, never through a URL parser, because the URLs that most need it are the ones that do not
 * parse: a `#`, `/`, `?` or `@` inside the password, a missing `:` after the scheme. When in doubt it hides more.
 */

const MASK = '***';

/** Query or keyword parameter names whose values are secrets (password, sslpassword, PGPASSWORD, api_key, token…). */
const SECRET_PARAM = /pass|pwd|secret|token|key|auth|cred|sig/i;

/** `scheme://` or `scheme//` (a forgotten colon) at the start of a URL. */
const AUTHORITY_START = /^([a-z][a-z0-9+.-]*:?\/\/)/i;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The last `@` of `text`, or, when it has none, the last percent-encoded `@` (`%40`) before the first `/`, `?` or
 * `#`: a user who percent-encoded the whole user info (`bob%3Apw%40host`) still wrote a password there.
 */
function userInfoEnd(text: string): number {
  const at = text.lastIndexOf('@');
  if (at >= 0) return at;
  const authorityEnd = text.search(/[/?#]/);
  const authority = authorityEnd < 0 ? text : text.slice(0, authorityEnd);
  return authority.toLowerCase().lastIndexOf('%40');
}

/** Where the password of a user info starts: after its first `:`, or after a percent-encoded one (`%3A`); -1 without. */
function passwordStart(userInfo: string): number {
  const colon = userInfo.indexOf(':');
  if (colon >= 0) return colon + 1;
  const encoded = userInfo.toLowerCase().indexOf('%3a');
  return encoded < 0 ? -1 : encoded + 3;
}

/**
 * Where the authority starts and the user info ends (its last `@`), or undefined when the URL has no user info.
 * Without `scheme://` (forgotten, or `scheme:` alone) there is no telling a user name from a password: everything
 * before the last `@` is the user info, and `schemeless` says to hide it all.
 */
function userInfoOf(url: string): { start: string; userInfo: string; rest: string; schemeless?: true } | undefined {
  const start = AUTHORITY_START.exec(url)?.[1];
  if (start === undefined) {
    const at = userInfoEnd(url);
    return at < 0 ? undefined : { start: '', userInfo: url.slice(0, at), rest: url.slice(at), schemeless: true };
  }
  const afterStart = url.slice(start.length);
  const at = userInfoEnd(afterStart);
  if (at < 0) return undefined;
  return { start, userInfo: afterStart.slice(0, at), rest: afterStart.slice(at) };
}

/** A part of a text to hide: [start, end). An empty one marks where a `***` goes (an empty password). */
type Span = readonly [start: number, end: number];

/**
 * The password of `user:password@host`, its user info ending at the last `@` since a password may hold `@`, `#`, `/`
 * or `?`; the user name (before the first `:`) stays visible. A user info without a password (`redis://alice@host`)
 * is hidden whole: the user name is a credential too, and a lone user info is often a password written where the user
 * name goes (some Redis clients read it so). One holding a `/`, `?` or `#` is a path's `@` (a SQLite file), not a
 * user name. Without `@`, a `:` followed by anything but a port number is taken for a password too. Without
 * `scheme://`, all of the user info.
 */
function passwordSpan(url: string): Span | undefined {
  const parts = userInfoOf(url);
  if (parts?.schemeless) return [0, parts.userInfo.length];
  if (parts) {
    const from = passwordStart(parts.userInfo);
    const end = parts.start.length + parts.userInfo.length;
    if (from >= 0) return [parts.start.length + from, end];
    return parts.userInfo === '' || /[/?#]/.test(parts.userInfo) ? undefined : [parts.start.length, end];
  }
  const start = AUTHORITY_START.exec(url)?.[1];
  if (start === undefined) return undefined;
  // No `@`: "host:5432/db" is a port, "user:secret/db" is not.
  const hostPort = /^([^:/?#]*):([^/?#]*)/.exec(url.slice(start.length));
  if (!hostPort || /^\d*$/.test(hostPort[2]!)) return undefined;
  return [start.length + hostPort[1]!.length + 1, start.length + hostPort[0].length];
}

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

/** The text with each span (merged where they touch or overlap) replaced by `***`. */
function hideSpans(text: string, spans: readonly Span[]): string {
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

/** Shortest secret masked wherever it occurs; a shorter one only where it stands alone. */
const MIN_SUBSTRING_SECRET = 3;

/** A letter or digit ending (starting) a text: a short secret next to one is part of a word, not the secret. */
const WORD_END = /[\p{L}\p{N}]$/u;
const WORD_START = /^[\p{L}\p{N}]/u;

/** A percent-encoding of `text` with lower-case hex digits (`%2f`), as some users write it. */
function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

/**
 * The password as the URL writes it: the user info after its first `:` (or `%3A`), all of a user info written without
 * `scheme://`, or a `:` value that is no port (`user:secret/db`). A user name alone (`alice@host`) is none: it is hidden
 * where it stands, but the same word elsewhere (`postgres@…/postgres`) is no secret.
 */
function writtenPassword(url: string): string | undefined {
  const parts = userInfoOf(url);
  if (!parts) {
    const span = passwordSpan(url);
    return span ? url.slice(span[0], span[1]) : undefined;
  }
  const from = passwordStart(parts.userInfo);
  if (from >= 0) return parts.userInfo.slice(from);
  return parts.schemeless ? parts.userInfo : undefined;
}

/**
 * Every spelling of the password a URL carried that text quoted from the URL may show: as written, percent-decoded,
 * and percent-encoded (upper- or lower-case hex, a space as `%20` or `+`, as a query string writes it). Only the whole
 * password: a value that merely shares characters with it is no secret, and masking such a value would mangle what the
 * user typed and tell whoever probes with values which characters the password starts with.
 */
function passwordForms(url: string): string[] {
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
function occurrenceSpans(text: string, forms: readonly string[]): Span[] {
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
function misreadPieces(url: string): string[] {
  const password = writtenPassword(url);
  if (password === undefined || !/[/?#]/.test(password)) return [];
  const pieces = password.split(/[/?#@&=;:]+/).filter((piece) => piece.length >= 2);
  const all = [password, safeDecode(password), ...pieces, ...pieces.map(safeDecode)];
  // Longest first, so a piece never leaves part of a longer fragment behind.
  return [...new Set(all.filter((f) => f !== ''))].sort((a, b) => b.length - a.length);
}

/**
 * Masks every run of `min` or more characters of `text` that also occurs in one of `secrets`, so that no piece of a
 * secret survives in text quoted from a misread URL, however a parser cut it up.
 */
function maskSecretOverlaps(text: string, secrets: readonly string[], min = 3): string {
  const longEnough = secrets.filter((secret) => secret.length >= min);
  if (longEnough.length === 0) return text;
  const hidden = new Array<boolean>(text.length).fill(false);
  for (let start = 0; start + min <= text.length; start++) {
    let end = start + min;
    if (!longEnough.some((secret) => secret.includes(text.slice(start, end)))) continue;
    while (end < text.length && longEnough.some((secret) => secret.includes(text.slice(start, end + 1)))) end++;
    hidden.fill(true, start, end);
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) out += text[i];
    else if (i === 0 || !hidden[i - 1]) out += MASK;
  }
  return out;
}

/**
 * A masker for text quoted from `url` in an error's reason: the password is masked wherever it shows whole, in every
 * spelling (see passwordForms), and so are any URL or secret-looking `name=value` in the text. Nothing else is, so a
 * quoted value reads as typed, unless the URL's password holds a `/`, `?` or `#` (see misreadPieces): then any run of
 * 3 or more of its characters is masked too, as the text may be a piece of it however a parser cut it up.
 * @internal
 */
export function quotedTextMasker(url: string): (text: string) => string {
  const forms = passwordForms(url);
  const pieces = misreadPieces(url);
  return (text) => {
    const masked = redactSecrets(hideSpans(text, occurrenceSpans(text, forms)), []);
    return pieces.length === 0 ? masked : maskSecretOverlaps(redactSecrets(masked, pieces), pieces);
  };
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
 * Replaces every credential-looking part of a database URL with `***`: the password of the user info (whatever
 * characters it holds, percent-encoded or not), secret query parameters and the fragment. Safe on malformed input.
 */
export function redactUrl(url: string): string {
  // Both readings of the URL are hidden: the one that ends the user info at the last `@` (as a password may hold
  // any character) and a parser's, which ends it at the first `/`, `?` or `#` and reads the rest as path, query and
  // fragment. Whatever either takes for a secret is hidden.
  const password = passwordSpan(url);
  // The password written again elsewhere (a parameter's value, the path) is hidden there too.
  const elsewhere = password ? occurrenceSpans(url, passwordForms(url)) : [];
  return hideSpans(url, [...(password ? [password] : []), ...elsewhere, ...parserSecretSpans(url, password), ...secretParamSpans(url)]);
}

/**
 * `text` with `secret` masked. A secret of one or two characters is masked only where it stands alone (not inside a
 * word or number): masked inside words, a password "p" turned `unknown query parameter "password"` into
 * `"***assword"`, garbling every message while hiding nothing a reader could not guess.
 */
function maskOccurrences(text: string, secret: string): string {
  if (secret.length >= MIN_SUBSTRING_SECRET) return text.split(secret).join(MASK);
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'), MASK);
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
  return hideSpans(out, secretParamSpans(out));
}
