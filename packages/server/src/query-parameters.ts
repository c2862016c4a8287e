import type { FastifyRequest, RouteOptions } from 'fastify';
import { distance } from 'fastest-levenshtein';
import { ApiError } from './errors';

/** Routes whose query parameters are checked: the API's (the dashboard's pages and the docs page take their own). */
const CHECKED_PREFIX = '/api/v1/';

/** How much of a parameter's name an error repeats: the name is the client's text, of any length. */
const NAME_SHOWN = 100;

/** How many unknown names details.unknown lists. */
const UNKNOWN_LISTED = 20;

/**
 * Names other tools give a parameter the API calls otherwise (normalized as by `normalized`): the CLI's flags
 * (`llm-eval runs list --since/--until`), and common habits. Each lists candidates; the first one the route takes is
 * suggested. A Map, not an object literal: the name looked up is the client's, and `?constructor=1` found
 * Object.prototype.constructor in an object's prototype (a 500 on every route).
 */
const ALIASES: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  since: ['createdAfter'],
  createdafter: ['since'],
  after: ['createdAfter', 'since'],
  from: ['createdAfter', 'since'],
  until: ['createdBefore'],
  before: ['createdBefore'],
  to: ['createdBefore'],
  query: ['q'],
  search: ['q', 'text'],
  asc: ['sort'],
  desc: ['sort'],
  order: ['sort'],
  orderby: ['sort'],
  sortby: ['sort'],
  pagesize: ['limit'],
  perpage: ['limit'],
  size: ['limit'],
  offset: ['cursor'],
  page: ['cursor'],
  projectid: ['project', 'projectId'],
  runid: ['run'],
  token: ['access_token'],
  accesstoken: ['access_token'],
}));

/** Names that carry a secret: on a route that takes no token in its query, said to belong in the Authorization header. */
const TOKEN_NAMES = new Set(['token', 'accesstoken', 'apikey', 'key', 'auth', 'authorization', 'bearer', 'secret']);

/** `created_after`, `Created-After` and `createdafter` are all `createdafter`. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** The query parameters a route's querystring schema (a zod object) names; null when it cannot be told. */
function acceptedParameters(route: RouteOptions): readonly string[] | null {
  const schema = route.schema?.querystring as { shape?: unknown } | undefined;
  if (schema === undefined) return [];
  return schema.shape !== null && typeof schema.shape === 'object' ? Object.keys(schema.shape) : null;
}

/**
 * The onRequest hook of a route taking `accepted` query parameters: refuses a request giving any other with a 400
 * naming it (never its value, which may be a token), listing the ones the route takes and suggesting the closest.
 * Without it `?since=7d` (the CLI's name of createdAfter) answered every run, as if no filter had been given.
 */
function refuseUnknownParameters(accepted: readonly string[]) {
  const known = new Set(accepted);
  return async function refuseUnknownQuery(request: FastifyRequest): Promise<void> {
    const query = request.query;
    if (query === null || typeof query !== 'object') return;
    const unknown = Object.keys(query).filter((name) => !known.has(name));
    if (unknown.length > 0) throw unknownParameterError(request, unknown, accepted);
  };
}

/** The 400 of query parameters a route does not take, named by the first of them. */
function unknownParameterError(request: FastifyRequest, unknown: string[], accepted: readonly string[]): ApiError {
  const shown = unknown.map(shortName);
  const name = unknown[0]!;
  const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
  const suggestion = closestParameter(name, accepted);
  const takes = accepted.length === 0 ? `${route} takes no query parameters` : `${route} takes ${accepted.join(', ')}`;
  const hint =
    suggestion !== null
      ? ` Did you mean ${JSON.stringify(suggestion)}?`
      : TOKEN_NAMES.has(normalized(name))
        ? ' Send an API token as "Authorization: Bearer <token>", never in the query string (only the live events route takes one there, as access_token, for a browser EventSource).'
        : '';
  return new ApiError(400, 'invalid_request', `Unknown query parameter ${JSON.stringify(shown[0])}.${hint} ${takes}.`, {
    field: `querystring.${shown[0]}`,
    unknown: shown.slice(0, UNKNOWN_LISTED),
    accepted,
    suggestion,
  });
}

function shortName(name: string): string {
  const points = [...name];
  return points.length > NAME_SHOWN ? `${points.slice(0, NAME_SHOWN).join('')}…` : name;
}

/**
 * The accepted parameter the client most likely meant, or null: the same name but for case, `-` and `_`; else the
 * parameter another tool's name stands for (ALIASES); else the one at most two edits away (one for short names).
 * @internal
 */
export function closestParameter(name: string, accepted: readonly string[]): string | null {
  if (name.length > 64) return null;
  const given = normalized(name);
  const same = accepted.find((a) => normalized(a) === given);
  if (same !== undefined) return same;
  const alias = ALIASES.get(given)?.find((a) => accepted.includes(a));
  if (alias !== undefined) return alias;
  // A token's name is never taken for a typo of another parameter: its value is a secret, not a filter.
  if (TOKEN_NAMES.has(given)) return null;
  const most = given.length <= 3 ? 1 : 2;
  let best: { name: string; distance: number } | null = null;
  for (const candidate of accepted) {
    const d = distance(given, normalized(candidate));
    if (d <= most && d < given.length && (best === null || d < best.distance)) best = { name: candidate, distance: d };
  }
  return best?.name ?? null;
}

/**
 * The onRequest hook that refuses unknown query parameters, for an /api/v1 route (null for any other route, or one
 * whose querystring schema is not a zod object). The accepted names are the querystring schema's: the schema the
 * OpenAPI document lists them from.
 * @internal
 */
export function unknownQueryCheck(route: RouteOptions): ((request: FastifyRequest) => Promise<void>) | null {
  if (!route.url.startsWith(CHECKED_PREFIX)) return null;
  const accepted = acceptedParameters(route);
  return accepted === null ? null : refuseUnknownParameters(accepted);
}
