import type { FastifyRequest, RouteOptions } from 'fastify';
import { ApiError } from './errors';
import { unknownQueryCheck } from './query-parameters';

/** A parsed query string: each name's value, or its values when the name is given more than once. */
export type ParsedQuery = Record<string, string | string[]>;

/** The first parameter of a parsed query whose name or value was not valid percent-encoded UTF-8. */
const undecodable = new WeakMap<object, string>();

/** How much of a parameter's name an error repeats: the name is the client's text, of any length. */
const NAME_SHOWN = 100;

/**
 * The server's query-string parser (Fastify's `querystringParser`). It splits and decodes exactly as Fastify's
 * default parser (fast-querystring) does — `&` between parameters, the first `=` between name and value, `+` for a
 * space, repeated names as a list, no prototype — with one difference: that parser keeps a name or value it cannot
 * decode (`caf%E9`, a Latin-1 byte; `%ED%A0%80`, a lone surrogate; `%zz`) as its raw text, so a search would
 * quietly look for `caf%E9`. Here the text is kept too, but the parameter is remembered, and refuseUndecodableQuery
 * answers the request with a 400 before any handler sees it. (Throwing here is no option: Fastify's router calls the
 * parser outside any error handling, so an exception would escape the request.)
 * @internal
 */
export function parseQueryString(text: string): ParsedQuery {
  // As Fastify's default: an empty query string is a plain object.
  if (text.length === 0) return {};
  const result = Object.create(null) as ParsedQuery;
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    if (pair.length === 0) continue;
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const name = decodePart(rawName);
    const value = eq === -1 ? '' : decodePart(pair.slice(eq + 1));
    const key = name ?? plusAsSpace(rawName);
    if ((name === null || value === null) && !undecodable.has(result)) undecodable.set(result, key);
    const kept = value ?? plusAsSpace(pair.slice(eq + 1));
    const current = result[key];
    if (current === undefined) result[key] = kept;
    else if (Array.isArray(current)) current.push(kept);
    else result[key] = [current, kept];
  }
  return result;
}

function plusAsSpace(part: string): string {
  return part.includes('+') ? part.replace(/\+/g, ' ') : part;
}

/** A name or value decoded (`+` first, as a space, so `%2B` stays a plus); null when it is not valid UTF-8. */
function decodePart(part: string): string | null {
  const spaced = plusAsSpace(part);
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return null;
  }
}

/**
 * The onRequest hook that refuses a request whose query string parseQueryString could not decode, with a 400
 * naming the parameter (never its value: it may be long, or a token).
 * @internal
 */
export async function refuseUndecodableQuery(request: FastifyRequest): Promise<void> {
  const query = request.query;
  const name = query !== null && typeof query === 'object' ? undecodable.get(query) : undefined;
  if (name === undefined) return;
  const points = [...name];
  const shown = points.length > NAME_SHOWN ? `${points.slice(0, NAME_SHOWN).join('')}…` : name;
  throw new ApiError(
    400,
    'invalid_request',
    `The query parameter ${JSON.stringify(shown)} is not valid percent-encoded UTF-8; encode the text as UTF-8 before ` +
      'percent-encoding it (café is caf%C3%A9, and % itself is %25).',
    { field: `querystring.${shown}` },
  );
}

/**
 * The onRoute hook that gives every route refuseUndecodableQuery as its first own onRequest hook, and every /api/v1
 * route then the refusal of query parameters it does not take (query-parameters.ts). A route's own hooks reach every
 * route however it is registered (an instance hook misses the routes of plugins registered before it), and run after
 * the instance's hooks: after the WebSocket plugin has marked an upgrade request, so a refused upgrade's socket is
 * closed once the 400 is sent.
 * @internal
 */
export function checkQuery(route: RouteOptions): void {
  const own = route.onRequest;
  const unknown = unknownQueryCheck(route);
  route.onRequest = [refuseUndecodableQuery, ...(unknown ? [unknown] : []), ...(own === undefined ? [] : Array.isArray(own) ? own : [own])];
}

/**
 * The onRequest hook that refuses a request target holding a raw `#` with a 400. Clients never send a URL's fragment,
 * and Fastify's router takes the text after a raw `#` as the query string (`/events#access_token=…` authenticates), so
 * such a target is either a broken client or an attempt to hide a parameter from what reads the URL as a browser
 * would. A `#` meant as text is `%23`.
 * @internal
 */
export async function refuseRawHash(request: FastifyRequest): Promise<void> {
  if (!request.raw.url?.includes('#')) return;
  throw new ApiError(
    400,
    'invalid_request',
    'The request target contains a raw "#": a URL fragment is never sent to the server. Leave it out, or percent-encode a "#" meant as text as %23.',
    { field: 'url' },
  );
}
