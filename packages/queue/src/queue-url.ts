import { redactUrl } from '@llm-eval/storage';
import { QueueUrlError } from './errors';

/** A checked queue URL and the form of it that is safe to print. */
export interface ParsedQueueUrl {
  url: string;
  redacted: string;
}

/** The URL with its password hidden; without a scheme, everything before an `@` may be a password, so it is hidden. */
function redact(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && url.includes('@')) return `***${url.slice(url.lastIndexOf('@'))}`;
  return redactUrl(url);
}

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
  // After the user info (which ends at the last '@', since a password may hold any character).
  const afterScheme = trimmed.slice(scheme!.length + 3);
  const hostPart = afterScheme.slice(afterScheme.lastIndexOf('@') + 1);
  const [, host = '', port, db] = /^(\[[^\]]*\]|[^/:?#]*)(?::([^/?#]*))?(?:\/([^?#]*))?/.exec(hostPart) ?? [];
  if (host === '') fail('the host is missing');
  if (port !== undefined && !/^\d{1,5}$/.test(port)) fail("the port is not a number");
  if (port !== undefined && !(Number(port) > 0 && Number(port) < 65536)) fail(`port ${port} is out of range`);
  if (db !== undefined && db !== '' && !/^\d+$/.test(db)) fail('the path must be a database number (e.g. /0)');
  try {
    new URL(trimmed);
  } catch {
    fail('it is not a valid URL');
  }
  return { url: trimmed, redacted };
}
