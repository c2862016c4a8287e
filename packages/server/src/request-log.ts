import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The response header (and accepted request header) carrying the request id. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A client's request id is kept when it is a short token: no spaces, quotes or control characters to forge log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,64}$/;

/**
 * How every token secret and displayed prefix starts (`lle_`), in any case and with any separator a client could put
 * there instead (`LLE-…`, `lle.…`). A request id is echoed, written into every log line and stored as the audit rows'
 * correlation id (which admins read): one that could be a token, or a token's prefix, is never kept.
 */
const TOKEN_MARK = /lle[^A-Za-z0-9]/i;

/**
 * A run of base64url characters as long as most of a token secret's 43, with upper- and lower-case letters both (a
 * random secret has them; a UUID, a hex trace id or a lower-case build name has not): the secret pasted without its
 * `lle_`, or a long piece of it.
 */
const SECRET_BODY = /[A-Za-z0-9_-]{32,}/g;

/** Whether a run of base64url characters is shaped like a secret's random part: upper- and lower-case letters both. */
const secretBodyShaped = (run: string) => /[A-Z]/.test(run) && /[a-z]/.test(run);

/** Whether text holds a run shaped like a token secret's random part (see SECRET_BODY). */
function holdsSecretBody(text: string): boolean {
  return [...text.matchAll(SECRET_BODY)].some(([run]) => secretBodyShaped(run));
}

/**
 * The request id: the client's `x-request-id` when sane and not token-like (no `lle_` in any variant, no run shaped
 * like a secret's random part), else a new UUID. It is the audit rows' correlation id.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && SANE_REQUEST_ID.test(value) && !TOKEN_MARK.test(value) && !holdsSecretBody(value) ? value : randomUUID();
}

/**
 * A character as a URL may carry it: itself, or percent-encoded once or more (`_`, `%5f`, `%255f`, `%25255f`…). The
 * router decodes a path once, and a client or proxy that encodes twice makes `%255F` a `%5F` that a run reference's
 * 404 quotes back: matching every depth of encoding is decoding as often as it takes, with no loop to bound.
 */
const encoded = (character: string) => `(?:${character}|%(?:25)*${character.charCodeAt(0).toString(16)})`;
/** One character of a secret's random part as a URL may carry it (see encoded). */
const ENCODED_SECRET_CHARACTER = '(?:[A-Za-z0-9_-]|%(?:25)*[0-9A-Fa-f]{2})';

/**
 * A token secret's form (`lle_` and 43 base64url characters) anywhere in a URL, raw or with any of its characters
 * percent-encoded, at any depth (`l%6ce_…` and `lle%255F…` decode to the secret).
 */
const SECRET_LIKE = new RegExp(`${encoded('l')}${encoded('l')}${encoded('e')}${encoded('_')}${ENCODED_SECRET_CHARACTER}{20,}`, 'gi');

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

/**
 * The Host header as logs show it: anything in it shaped like a token secret (as in a URL), or like a secret's random
 * part, replaced. A client sets Host as it likes, and a token pasted there must not reach the log.
 */
export function redactHost(host: string | undefined): string | undefined {
  if (host === undefined) return host;
  const masked = host.replace(SECRET_LIKE, '[redacted]');
  return masked.replace(SECRET_BODY, (run) => (secretBodyShaped(run) ? '[redacted]' : run));
}

/** pino's request serializer without anything secret: no headers at all, secret parameters redacted from the URL and the host. */
function serializeRequest(request: { method?: string; url?: string; hostname?: string; ip?: string; socket?: { remotePort?: number }; id?: unknown }) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: redactHost(request.hostname),
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
