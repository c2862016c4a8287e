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
 * Where the authority starts and the user info ends (its last `@`), or undefined when the URL has no user info.
 * Without `scheme://` (forgotten, or `scheme:` alone) there is no telling a user name from a password: everything
 * before the last `@` is the user info, and `schemeless` says to hide it all.
 */
function userInfoOf(url: string): { start: string; userInfo: string; rest: string; schemeless?: true } | undefined {
  const start = AUTHORITY_START.exec(url)?.[1];
  if (start === undefined) {
    const at = url.lastIndexOf('@');
    return at < 0 ? undefined : { start: '', userInfo: url.slice(0, at), rest: url.slice(at), schemeless: true };
  }
  const afterStart = url.slice(start.length);
  const at = afterStart.lastIndexOf('@');
  if (at < 0) return undefined;
  return { start, userInfo: afterStart.slice(0, at), rest: afterStart.slice(at) };
}

/**
 * Hides the password of `user:password@host`. The user info ends at the last `@`, since a password may hold `@`,
 * `#`, `/` or `?`; the user name (before the first `:`) stays visible. Without `@`, a `:` followed by anything but a
 * port number is treated as a password too.
 */
function redactUserInfo(url: string): string {
  const parts = userInfoOf(url);
  if (parts?.schemeless) return `${MASK}${parts.rest}`;
  if (parts) {
    const colon = parts.userInfo.indexOf(':');
    if (colon < 0) return url;
    return `${parts.start}${parts.userInfo.slice(0, colon)}:${MASK}${parts.rest}`;
  }
  const start = AUTHORITY_START.exec(url)?.[1];
  if (start === undefined) return url;
  // No `@`: "host:5432/db" is a port, "user:secret/db" is not.
  const rest = url.slice(start.length);
  const hostPort = /^([^:/?#]*):([^/?#]*)/.exec(rest);
  if (hostPort && !/^\d*$/.test(hostPort[2]!)) {
    return `${start}${hostPort[1]}:${MASK}${rest.slice(hostPort[0].length)}`;
  }
  return url;
}

/**
 * The text of a URL that may be (part of) a password: the user info after its first `:`, raw and decoded, and each
 * of its pieces between URL delimiters, because a parser that misreads such a URL quotes those pieces separately
 * (`user:12?ss@host` reads as port 12 and a query parameter `ss@host`).
 * @internal
 */
export function passwordFragments(url: string): string[] {
  const parts = userInfoOf(url);
  const userInfo = parts?.userInfo;
  const colon = parts?.schemeless ? -1 : userInfo?.indexOf(':') ?? -1;
  if (userInfo === undefined || (colon < 0 && !parts?.schemeless)) return [];
  const password = userInfo.slice(colon + 1);
  const pieces = password.split(/[/?#@&=;:]+/).filter((piece) => piece.length >= 2);
  const all = [password, safeDecode(password), ...pieces, ...pieces.map(safeDecode)];
  // Longest first, so a piece never leaves part of a longer fragment behind.
  return [...new Set(all.filter((f) => f !== ''))].sort((a, b) => b.length - a.length);
}

/** Hides the value of every secret-looking `name=value` parameter (query string or libpq keyword form). */
function redactParams(text: string): string {
  return text.replace(/(^|[?&;\s])([^=?&;#\s]+)=([^&;#\s]*)/g, (whole, lead: string, name: string, value: string) =>
    value !== '' && SECRET_PARAM.test(safeDecode(name)) ? `${lead}${name}=${MASK}` : whole,
  );
}

/**
 * Replaces every credential-looking part of a database URL with `***`: the password of the user info (whatever
 * characters it holds, percent-encoded or not) and secret query parameters. Safe on malformed input.
 */
export function redactUrl(url: string): string {
  return redactParams(redactUserInfo(url));
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
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(MASK);
  }
  out = out.replace(/[a-z][a-z0-9+.-]*:?\/\/[^\s"'<>`]+/gi, (url) => redactUserInfo(url));
  return redactParams(out);
}
