import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiApp } from '../context';
import { scopeKey } from '../auth/principal';
import type { DatabaseVersion } from './database-version';
import { ResponseCache } from './response-cache';

/**
 * Read routes whose answer depends only on the stored data (and the clock, bounded by the TTL). Exports stream and
 * events are not bodies to keep; health measures the database each time.
 */
const CACHEABLE_ROUTES = new Set([
  '/api/v1/runs',
  '/api/v1/runs/:run',
  '/api/v1/runs/:run/items',
  '/api/v1/compare',
  '/api/v1/projects',
  '/api/v1/projects/:project',
  '/api/v1/trends',
]);

/**
 * Header saying whether a response came from the cache (`hit`) or was computed (`miss`). Sent only to callers of
 * every project ('*', or authentication off): the cache is invalidated by any write to the database, so to a caller
 * scoped to some projects a `miss` would tell that another project was written to.
 */
export const CACHE_HEADER = 'x-llm-eval-cache';

declare module 'fastify' {
  interface FastifyRequest {
    /** The database version read before the handler ran, when this response may be cached. */
    llmEvalCacheVersion?: string;
  }
}

/**
 * Serves repeated reads from memory while the database is unchanged (a dashboard polling the same pages, many
 * clients opening the same run). Registered after authentication, so a refused request is never answered from it;
 * the key includes the principal's project scope — every answer depends on the URL and that scope only — so a caller
 * is never served what a caller of another scope was answered (a cached comparison reaches only callers who see
 * both runs).
 */
export function cacheReads(app: ApiApp, version: DatabaseVersion, ttlMs: number): ResponseCache | null {
  if (ttlMs <= 0 || version.current() === null) return null;
  const cache = new ResponseCache({ ttlMs });
  const keyOf = (request: FastifyRequest) => `${request.url}\u0000${scopeKey(request.principal)}`;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !CACHEABLE_ROUTES.has(request.routeOptions.url ?? '')) return;
    const current = version.current();
    if (current === null) return;
    const tells = request.principal.projects === '*';
    const body = cache.get(keyOf(request), current);
    if (body !== undefined) {
      if (tells) reply.header(CACHE_HEADER, 'hit');
      return reply.header('content-type', 'application/json; charset=utf-8').send(body);
    }
    // The version before the handler reads: a write that lands meanwhile makes the kept entry stale, never wrong.
    request.llmEvalCacheVersion = current;
    if (tells) reply.header(CACHE_HEADER, 'miss');
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const at = request.llmEvalCacheVersion;
    if (at !== undefined && reply.statusCode === 200 && typeof payload === 'string') cache.set(keyOf(request), at, payload);
    return payload;
  });
  return cache;
}
