import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The response header (and accepted request header) carrying the request id. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A client's request id is kept when it is a short token: no spaces, quotes or control characters to forge log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,64}$/;

/**
 * How every token secret and displayed prefix starts (`lle_`). A request id is echoed, written into every log line
 * and stored as the audit rows' correlation id (which admins read): one that could be a token, or a token's prefix,
 * is never kept.
 */
const TOKEN_MARK = /lle(?:_|%5f)/i;

/** The request id: the client's `x-request-id` when sane and not token-like, else a new UUID. It is the audit rows' correlation id. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && SANE_REQUEST_ID.test(value) && !TOKEN_MARK.test(value) ? value : randomUUID();
}

/** One character of a secret as a URL may carry it: itself, or percent-encoded (`l` or `%6c`, `_` or `%5f`). */
const ENCODED_SECRET_CHARACTER = '(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2})';

/**
 * A token secret's form (`lle_` and 43 base64url characters) anywhere in a URL, raw or with any of its characters
 * percent-encoded (`l%6ce_…` decodes to the secret, and the query parser decodes it).
 */
const SECRET_LIKE = new RegExp(`(?:l|%6c)(?:l|%6c)(?:e|%65)(?:_|%5f)${ENCODED_SECRET_CHARACTER}{20,}`, 'gi');

/** The characters after which the router takes the rest of a request target as its query string: `?`, and a raw `#`. */
const QUERY_START = /[?#]/;

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * Parameter names whose values are secrets, as database URLs are masked (storage's redactUrl): a client that sends
 * `?password=…` or `?api_key=…` to the API by mistake must not have it written to the logs. Names only: a request's
 * own parameters (limit, sort, q…) carry none of these words.
 */
const SECRET_PARAM = /pass|pwd|secret|token|key|auth|cred|sig/i;

/**
 * A URL as logs show it: the value of any parameter whose name decodes to access_token (`access%5Ftoken` is the same
 * parameter to the query parser, so it carries a working token too) or names a secret (password, api_key, …)
 * replaced, and anything shaped like a token
 * secret replaced wherever it appears, percent-encoded or not. The query is everything after the first `?` or `#`,
 * split on every `&`, as the router and the query parser see it: text after a raw `#` is no fragment to them.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return url;
  const start = url.search(QUERY_START);
  let out = url;
  if (start >= 0) {
    const parts = url.slice(start + 1).split('&').map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      return SECRET_PARAM.test(decodedName(part.slice(0, eq))) ? `${part.slice(0, eq)}=[redacted]` : part;
    });
    out = `${url.slice(0, start + 1)}${parts.join('&')}`;
  }
  return out.replace(SECRET_LIKE, '[redacted]');
}

/** pino's request serializer without anything secret: no headers at all, secret parameters redacted from the URL. */
function serializeRequest(request: { method?: string; url?: string; hostname?: string; ip?: string; socket?: { remotePort?: number }; id?: unknown }) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.hostname,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * The Fastify logger option: structured JSON lines, each request's carrying its id (`reqId`), with serializers and
 * redaction that keep the Authorization header, cookies and access tokens out whatever a handler logs.
 */
export function loggerOptions(logger: boolean | Record<string, unknown> | undefined): false | Record<string, unknown> {
  if (!logger) return false;
  const given = logger === true ? {} : logger;
  const serializers = (given.serializers as Record<string, unknown> | undefined) ?? {};
  const redact = given.redact as string[] | { paths: string[] } | undefined;
  const paths = Array.isArray(redact) ? redact : (redact?.paths ?? []);
  return {
    ...given,
    serializers: { ...serializers, req: serializeRequest },
    redact: {
      paths: [...paths, 'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'authorization', 'access_token', '*.access_token', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  };
}
