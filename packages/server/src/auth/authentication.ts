import type { FastifyRequest } from 'fastify';

/**
 * The one seam for authentication. Until tokens exist (a later release), no authenticator is configured and the
 * server only listens on loopback addresses. An authenticator throws an ApiError (401/403) to refuse a request.
 */
export interface Authenticator {
  /** Called for every /api request before its handler; throw to refuse it. */
  authenticate(request: FastifyRequest): void | Promise<void>;
}

/** Addresses only this machine can reach. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

/** Whether binding to `host` exposes the server beyond this machine. */
export function isPublicHost(host: string): boolean {
  return !LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}
