import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal';

/**
 * A custom authentication seam. Called for every /api/v1 request before its handler: return the caller's Principal,
 * or throw an ApiError (401/403) to refuse the request. An authenticator written before principals existed returns
 * nothing: its callers are then full admins of every project (what it meant then), named `authenticated`.
 */
export interface Authenticator {
  /** Establishes who sent the request, or throws to refuse it. */
  authenticate(request: FastifyRequest): void | Principal | Promise<void | Principal>;
}

/** The principal of a request a principal-less authenticator let through. */
export const LEGACY_AUTHENTICATED: Principal = Object.freeze({ subject: 'authenticated', role: 'admin', projects: '*', via: 'proxy' }) as Principal;

/** Addresses only this machine can reach. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

/** Whether binding to `host` exposes the server beyond this machine. */
export function isPublicHost(host: string): boolean {
  return !LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}
