/**
 * Where a database URL keeps its user info and password, read on the text (never through a URL parser, which misreads
 * the URLs that most need it: a `#`, `/`, `?` or `@` inside the password, a missing `:` after the scheme). @internal
 */

/** `scheme://` or `scheme//` (a forgotten colon) at the start of a URL. */
export const AUTHORITY_START = /^([a-z][a-z0-9+.-]*:?\/\/)/i;

/** `text` percent-decoded, or as it is when it is no valid percent-encoding. @internal */
export function safeDecode(text: string): string {
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
export function passwordStart(userInfo: string): number {
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
export function userInfoOf(url: string): { start: string; userInfo: string; rest: string; schemeless?: true } | undefined {
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
export type Span = readonly [start: number, end: number];

/**
 * The password of `user:password@host`, its user info ending at the last `@` since a password may hold `@`, `#`, `/`
 * or `?`; the user name (before the first `:`) stays visible. A user info without a password (`redis://alice@host`)
 * is hidden whole: the user name is a credential too, and a lone user info is often a password written where the user
 * name goes (some Redis clients read it so). One holding a `/`, `?` or `#` is a path's `@` (a SQLite file), not a
 * user name. Without `@`, a `:` followed by anything but a port number is taken for a password too. Without
 * `scheme://`, all of the user info.
 */
export function passwordSpan(url: string): Span | undefined {
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
 * The password as the URL writes it: the user info after its first `:` (or `%3A`), all of a user info written without
 * `scheme://`, or a `:` value that is no port (`user:secret/db`). A user name alone (`alice@host`) is none: it is hidden
 * where it stands, but the same word elsewhere (`postgres@…/postgres`) is no secret.
 */
export function writtenPassword(url: string): string | undefined {
  const parts = userInfoOf(url);
  if (!parts) {
    const span = passwordSpan(url);
    return span ? url.slice(span[0], span[1]) : undefined;
  }
  const from = passwordStart(parts.userInfo);
  if (from >= 0) return parts.userInfo.slice(from);
  return parts.schemeless ? parts.userInfo : undefined;
}
