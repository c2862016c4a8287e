import type { FastifyRequest } from 'fastify';
import { ApiError, repeatedParameterError } from '../errors';
import { headerCount } from './trusted-proxy';

/** Where a request's API token was found, or why none could be read. */
export type BearerToken = { secret: string } | { missing: true } | { malformed: true; badToken?: true };

/** Routes a browser's EventSource or WebSocket reaches (neither can send headers): they also take the token elsewhere. */
const QUERY_TOKEN_ROUTES = new Set(['/api/v1/events']);

/** The WebSocket subprotocol carrying a token (`llm-eval.bearer.<token>`), offered next to EVENTS_PROTOCOL. */
export const BEARER_PROTOCOL_PREFIX = 'llm-eval.bearer.';
/** The subprotocol the server selects for a WebSocket of live events (never the one carrying the token). */
export const EVENTS_PROTOCOL = 'llm-eval.v1';

/** The tokens a WebSocket handshake offers as subprotocols (`llm-eval.bearer.<token>`), in the order offered. */
function protocolTokens(request: FastifyRequest): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  const offered = header.split(',').map((p) => p.trim());
  return offered.filter((p) => p.startsWith(BEARER_PROTOCOL_PREFIX)).map((p) => p.slice(BEARER_PROTOCOL_PREFIX.length));
}

/**
 * Which subprotocol a live-events WebSocket gets: EVENTS_PROTOCOL when offered, else another one that carries no
 * token, else none — the token-carrying one is never selected, so the handshake response never repeats a secret.
 */
export function selectEventsProtocol(offered: Set<string>): string | false {
  if (offered.has(EVENTS_PROTOCOL)) return EVENTS_PROTOCOL;
  return [...offered].find((p) => !p.startsWith(BEARER_PROTOCOL_PREFIX)) ?? false;
}

/** Characters a token may consist of (base64url and the separators of prefixed tokens); anything else is malformed. */
const TOKEN_CHARACTERS = /^[A-Za-z0-9._~+/=-]{1,512}$/;

/**
 * The token of `Authorization: Bearer <token>` (or, on the events route, of the `llm-eval.bearer.<token>` WebSocket
 * subprotocol or `?access_token=`). A header that is not a Bearer credential, or a token with characters no token
 * has, is malformed. An access_token given more than once is a 400 (repeatedParameterError), naming the parameter only.
 * A request carrying more than one credential (two Authorization headers, a header and an access_token, two bearer
 * subprotocols, …) is a 400 too: it would be answered as one of them without a word, whatever the others are.
 */
export function readBearerToken(request: FastifyRequest): BearerToken {
  const header = request.headers.authorization;
  // Node keeps the first of several Authorization headers and drops the rest: two credentials in one request would be
  // answered as the first's without a word, so they are refused as a repeated query parameter is.
  const sent = headerCount(request.raw.rawHeaders, 'authorization');
  if (sent > 1) {
    throw new ApiError(400, 'invalid_request', `The Authorization header was sent ${sent} times: send exactly one ("Authorization: Bearer <token>").`, {
      field: 'headers.authorization',
    });
  }
  const streamRoute = QUERY_TOKEN_ROUTES.has(request.routeOptions.url ?? '');
  const fromProtocols = streamRoute ? protocolTokens(request) : [];
  const fromQuery = streamRoute ? (request.query as { access_token?: unknown } | undefined)?.access_token : undefined;
  // `?access_token=…&access_token=…` is a repeated parameter, answered as every route answers one (not as a bad header).
  if (Array.isArray(fromQuery)) throw repeatedParameterError('access_token', fromQuery.length);
  refuseSeveralCredentials(header !== undefined && header !== '', fromProtocols.length, fromQuery !== undefined);

  if (header === undefined || header === '') {
    const fromProtocol = fromProtocols[0];
    if (fromProtocol !== undefined) return TOKEN_CHARACTERS.test(fromProtocol) ? { secret: fromProtocol } : { malformed: true, badToken: true };
    if (fromQuery === undefined) return { missing: true };
    return typeof fromQuery === 'string' && TOKEN_CHARACTERS.test(fromQuery) ? { secret: fromQuery } : { malformed: true, badToken: true };
  }
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match) return { malformed: true };
  // A Bearer credential whose token has characters no token has: the header was right, the token not.
  if (!TOKEN_CHARACTERS.test(match[1]!)) return { malformed: true, badToken: true };
  return { secret: match[1]! };
}

/**
 * Refuses a request giving its token in more than one place (or as two subprotocols): only one could be checked, and
 * the request would be answered as that one's whatever the other is (another project's token, a revoked one, garbage).
 * The 400 names the places, never a value.
 */
function refuseSeveralCredentials(header: boolean, protocols: number, query: boolean): void {
  if (Number(header) + protocols + Number(query) <= 1) return;
  const places = [
    ...(header ? ['the Authorization header'] : []),
    ...(protocols === 1 ? [`an ${BEARER_PROTOCOL_PREFIX}<token> WebSocket subprotocol`] : []),
    ...(protocols > 1 ? [`${protocols} ${BEARER_PROTOCOL_PREFIX}<token> WebSocket subprotocols`] : []),
    ...(query ? ['the access_token query parameter'] : []),
  ];
  throw new ApiError(
    400,
    'invalid_request',
    `The request carries more than one API token (${places.join(', ')}): send exactly one credential, in one place ` +
      '("Authorization: Bearer <token>", or where a client cannot send headers, one access_token or one bearer subprotocol).',
    { field: header ? 'headers.authorization' : protocols > 1 ? 'headers.sec-websocket-protocol' : 'querystring.access_token' },
  );
}
