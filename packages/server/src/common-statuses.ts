import type { RouteOptions } from 'fastify';
import { z } from 'zod';
import { errorResponse } from './schemas/common';

/** The routes whose OpenAPI entries are completed: the API's. */
const API_PREFIX = '/api/v1/';

/**
 * Statuses any /api/v1 route may answer before its own code runs, whatever its schema lists:
 * - 400: a query parameter it does not take, one repeated or not percent-encoded UTF-8 (query-string.ts);
 * - 401: with authentication on, no valid token (access-control.ts);
 * - 403: without authentication, a Host that is not a loopback name, or a cross-site write (same-origin-guard.ts);
 *   with it, a role too low;
 * - 429: past the request limit, or past the limit of failed authentications of the client's address (rate-limit.ts);
 * - 431: headers larger than Node's HTTP parser takes (client-error.ts);
 * - 503: the database unreachable or busy, or the server closing.
 */
const EVERY_ROUTE = [400, 401, 403, 429, 431, 503] as const;

/** And of a route taking a body: too large (413), stalled (408, body-timeout.ts), not JSON, not UTF-8 or compressed (415). */
const BODY_ROUTE = [408, 413, 415] as const;

/** Of a route with path parameters: an empty one names nothing (404, empty-path-parameters.ts). */
const PATH_ROUTE = [404] as const;

/**
 * The onRoute hook that adds those statuses to each API route's response schemas, so the OpenAPI document lists
 * every status a route can answer: /projects, /health and /tokens answered 400 for an unknown query parameter, and
 * every route the Host check's 403 and the 431, none of them documented. A status a route lists itself with a schema
 * of its own is widened to admit the error shape too: the response of a hook's error is serialised with the route's
 * schema for its status, and GET /health's 503 health report made the token check's 503 a 500
 * (FST_ERR_RESPONSE_SERIALIZATION). (Before @fastify/swagger is registered, so the document reads the completed schema.)
 */
export function documentCommonStatuses(route: RouteOptions): void {
  const schema = route.schema as (RouteOptions['schema'] & { hide?: boolean; response?: Record<string, unknown> }) | undefined;
  if (!route.url.startsWith(API_PREFIX) || schema === undefined || schema.hide) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const statuses: number[] = [...EVERY_ROUTE];
  if (methods.some((m) => ['POST', 'PUT', 'PATCH'].includes(m))) statuses.push(...BODY_ROUTE);
  if (route.url.includes(':')) statuses.push(...PATH_ROUTE);
  const response: Record<string, unknown> = { ...schema.response };
  for (const status of statuses) response[String(status)] = withErrorShape(response[String(status)]);
  const ordered = Object.fromEntries(Object.entries(response).sort(([a], [b]) => a.localeCompare(b)));
  route.schema = { ...schema, response: ordered };
}

/** A route's schema for a status a hook may answer: the error shape, or a union admitting it. */
function withErrorShape(own: unknown): unknown {
  if (own === undefined || own === errorResponse) return errorResponse;
  if (own instanceof z.ZodUnion && (own.options as unknown[]).includes(errorResponse)) return own;
  if (own instanceof z.ZodType) return z.union([own, errorResponse]);
  // An OpenAPI response object (a stream's content types): no hook's error could be serialised with it.
  throw new Error(`A route lists a status that hooks answer with the error shape with a schema that is not zod's: ${JSON.stringify(own).slice(0, 200)}`);
}
