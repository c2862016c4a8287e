import { redactUrl } from '@llm-eval/storage';
import { QueueUrlError } from './errors';
import { maskCredentials, urlCredentials } from './redis-credentials';

/** A checked queue URL and the form of it that is safe to print. */
export interface ParsedQueueUrl {
  url: string;
  redacted: string;
}

/**
 * True when an `@` comes after the URL's authority ends (at its first /, ? or #): a password holding one of those
 * characters unencoded, which a URL parser (and ioredis) would read as the host and path, the password's tail
 * becoming a host name to connect to and to print in every connection error.
 */
function passwordEndsEarly(afterScheme: string): boolean {
  const authorityEnd = afterScheme.search(/[/?#]/);
  return authorityEnd >= 0 && afterScheme.indexOf('@', authorityEnd) >= 0;
}

/**
 * The URL with its password hidden. Without a scheme, or when an unencoded /, ? or # cuts the password short,
 * everything before the last `@` may be a password, so all of it is hidden.
 */
function redact(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[0];
  if (url.includes('@') && (!scheme || passwordEndsEarly(url.slice(scheme.length)))) return `${scheme ?? ''}***${url.slice(url.lastIndexOf('@'))}`;
  return redactUrl(url);
}

/** What a query parameter's name is read after, so that redactUrl reads it as a query string's parameter. */
const AS_QUERY = 'redis://host/?';

/**
 * A query parameter's name (decoded) as a refusal quotes it, with what may be a secret masked as the database URL's
 * refusal masks it: the URL's password in any spelling (`?secret` repeating it), and the value of a secret-named
 * parameter written with a `%3D`, `:` or space (`?password%3Dsecret` names a parameter "password=secret").
 */
function quotedParameter(name: string, url: string): string {
  const masked = redactUrl(`${AS_QUERY}${maskCredentials(name, urlCredentials(url))}`);
  return masked.startsWith(AS_QUERY) ? masked.slice(AS_QUERY.length) : '***';
}

/** Query parameters a queue URL may carry (ioredis reads others as connection options we do not check). */
const QUERY_PARAMETERS = new Set(['db']);

/**
 * Checks a Redis URL (redis:// or rediss://, a host, an optional port, database number and password). Throws
 * QueueUrlError naming `source` (where the URL came from, e.g. `--queue`); the password never appears in it.
 */
export function parseQueueUrl(url: string, source = 'the queue URL'): ParsedQueueUrl {
  const trimmed = String(url ?? '').trim();
  const redacted = redact(trimmed);
  const fail = (reason: string): never => {
    throw new QueueUrlError(
      `Invalid Redis URL "${redacted}" (from ${source}): ${reason}. Use redis://[:password@]host[:6379][/db] or rediss://… for TLS (percent-encode @ : / ? # in the password).`,
    );
  };
  if (trimmed === '') fail('it is empty');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (!scheme) fail('it does not start with redis:// or rediss://');
  if (scheme !== 'redis' && scheme !== 'rediss') fail(`unsupported scheme "${scheme}:" (supported: redis:, rediss:)`);
  const afterScheme = trimmed.slice(scheme!.length + 3);
  if (passwordEndsEarly(afterScheme)) fail('the password holds a character that ends it early (/, ? or #); percent-encode it');
  const userInfo = afterScheme.includes('@') ? afterScheme.slice(0, afterScheme.lastIndexOf('@')) : '';
  try {
    decodeURIComponent(userInfo);
  } catch {
    fail('the user name or password has an invalid %-escape (a % must start %XX)');
  }
  // After the user info (which ends at the last '@', since a password may hold any character).
  const hostPart = afterScheme.slice(afterScheme.lastIndexOf('@') + 1);
  const [, host = '', port, db] = /^(\[[^\]]*\]|[^/:?#]*)(?::([^/?#]*))?(?:\/([^?#]*))?/.exec(hostPart) ?? [];
  if (host === '') fail('the host is missing');
  if (port !== undefined && !/^\d{1,5}$/.test(port)) fail("the port is not a number");
  if (port !== undefined && !(Number(port) > 0 && Number(port) < 65536)) fail(`port ${port} is out of range`);
  if (db !== undefined && db !== '' && !/^\d+$/.test(db)) fail('the path must be a database number (e.g. /0)');
  let parsed: URL | undefined;
  try {
    parsed = new URL(trimmed);
  } catch {
    fail('it is not a valid URL');
  }
  for (const [key, value] of parsed!.searchParams) {
    if (!QUERY_PARAMETERS.has(key)) fail(`unknown query parameter "${quotedParameter(key, trimmed)}" (accepted: ${[...QUERY_PARAMETERS].join(', ')})`);
    if (key === 'db' && !/^\d+$/.test(value)) fail('?db= must be a database number (e.g. ?db=0)');
  }
  return { url: trimmed, redacted };
}
