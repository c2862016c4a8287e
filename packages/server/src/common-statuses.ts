import type { RouteOptions } from 'fastify';
import { errorResponse } from './schemas/common';

/** The routes whose OpenAPI entries are completed: the API's. */
const API_PREFIX = '/api/v1/';

/**
 * Statuses any /api/v1 route may answer before its own code runs, whatever its schema lists:
 * - 400: a query parameter it does not take, one repeated or not percent-encoded UTF-8 (query-string.ts);
 * - 403: without authentication, a Host that is not a loopback name, or a cross-site write (same-origin-guard.ts);
 * - 431: headers larger than Node's HTTP parser takes (client-error.ts);
 * - 503: the database unreachable or busy, or the server closing.
 */
const EVERY_ROUTE = [400, 403, 431, 503] as const;

/** And of a route taking a body: too large (413), stalled (408, body-timeout.ts), not JSON, not UTF-8 or compressed (415). */
const BODY_ROUTE = [408, 413, 415] as const;

/** Of a route with path parameters: an empty one names nothing (404, empty-path-parameters.ts). */
const PATH_ROUTE = [404] as const;

/**
 * The onRoute hook that adds those statuses to each API route's response schemas, so the OpenAPI document lists
 * every status a route can answer: /projects, /health and /tokens answered 400 for an unknown query parameter, and
 * every route the Host check's 403 and the 431, none of them documented. A status a route lists itself keeps its
 * own entry. (Before @fastify/swagger is registered, so the document reads the completed schema.)
 */
export function documentCommonStatuses(route: RouteOptions): void {
  const schema = route.schema as (RouteOptions['schema'] & { hide?: boolean; response?: Record<string, unknown> }) | undefined;
  if (!route.url.startsWith(API_PREFIX) || schema === undefined || schema.hide) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const statuses: number[] = [...EVERY_ROUTE];
  if (methods.some((m) => ['POST', 'PUT', 'PATCH'].includes(m))) statuses.push(...BODY_ROUTE);
  if (route.url.includes(':')) statuses.push(...PATH_ROUTE);
  const response: Record<string, unknown> = { ...schema.response };
  for (const status of statuses) if (!Object.hasOwn(response, String(status))) response[String(status)] = errorResponse;
  const ordered = Object.fromEntries(Object.entries(response).sort(([a], [b]) => a.localeCompare(b)));
  route.schema = { ...schema, response: ordered };
}
