import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { ApiApp } from '../context';
import { ApiError } from '../errors';

/** What one principal's requests are counted under: its token, its proxy user, or (unauthenticated) its address. */
function principalKey(request: FastifyRequest): string {
  const p = request.principal;
  if (p?.tokenId) return `token:${p.tokenId}`;
  if (p?.via === 'proxy') return `proxy:${p.subject}`;
  return `address:${request.ip}`;
}

/**
 * Limits each principal to `requestsPerMinute` requests of /api/v1 (@fastify/rate-limit's in-memory store, a fixed
 * one-minute window). Added as a hook of the scope after authentication, so the principal is known; a refused
 * authentication is counted there instead, against the client's address (failed-auth-limit.ts). Past the limit the
 * answer is a 429 with Retry-After (seconds) and the one error shape.
 */
export async function limitRequests(api: ApiApp, requestsPerMinute: number): Promise<void> {
  await api.register(fastifyRateLimit, { global: false });
  api.addHook(
    'onRequest',
    api.rateLimit({
      max: requestsPerMinute,
      timeWindow: 60_000,
      keyGenerator: principalKey,
      errorResponseBuilder: (_request, context) =>
        new ApiError(
          429,
          'rate_limited',
          `Too many requests: at most ${context.max} per minute for each token or user. Retry after ${context.after} (the Retry-After header says when, in seconds).`,
          { limitPerMinute: context.max },
        ),
    }),
  );
}
