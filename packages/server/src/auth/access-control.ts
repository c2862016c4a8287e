import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { tokenActor, type Database } from '@llm-eval/storage';
import { ApiError } from '../errors';
import { LEGACY_AUTHENTICATED, type Authenticator } from './authentication';
import { readBearerToken } from './bearer-token';
import { FailedAuthThrottle, type AuthFailureReason } from './failed-auth-audit';
import { FailedAuthLimit } from './failed-auth-limit';
import { LOCAL_PRINCIPAL, roleAllows, type Principal, type Role } from './principal';
import { TrustedProxy, type TrustedProxyOptions } from './trusted-proxy';

/** How requests are authenticated (ServerOptions.auth and trustedProxy, resolved). */
export interface AccessOptions {
  auth?: 'tokens' | Authenticator;
  trustedProxy?: TrustedProxyOptions;
  /** The request limit; refused authentications get as many per client address a minute (null: no limit). */
  requestsPerMinute?: number | null;
}

/** Characters of a token's secret that name it in the audit log and token lists (`lle_` and 8 more). */
const TOKEN_PREFIX_LENGTH = 12;

/** What each failure tells the client: what to send, never the token it sent. */
const FAILURE_MESSAGES: Record<AuthFailureReason, string> = {
  missing: 'Authentication required: send an API token as "Authorization: Bearer <token>" (an admin creates one with `llm-eval tokens create`).',
  malformed: 'The Authorization header is not a bearer token: send "Authorization: Bearer <token>" with an API token created by `llm-eval tokens create`.',
  unknown: 'The API token is not valid: send "Authorization: Bearer <token>" with a token created by `llm-eval tokens create`.',
  revoked: 'The API token was revoked: send "Authorization: Bearer <token>" with a current token (`llm-eval tokens create`).',
  expired: 'The API token has expired: send "Authorization: Bearer <token>" with a current token (`llm-eval tokens create`).',
  proxy_user: 'Authentication required: send an API token as "Authorization: Bearer <token>".',
};

/** The 401 of a failed authentication, with the challenge header clients expect. */
export class UnauthorizedError extends ApiError {
  constructor(
    readonly reason: AuthFailureReason,
    message = FAILURE_MESSAGES[reason],
  ) {
    super(401, 'unauthorized', message);
  }
}

/** A well-formed bearer credential whose token has not the shape of an API token: the header was right, the token not. */
const NOT_AN_API_TOKEN =
  'The bearer token is not an llm-eval API token (those are "lle_" and 43 more characters): send "Authorization: Bearer <token>" with a token created by `llm-eval tokens create`.';

/** The least role a route needs: its config's, else viewer for reads and editor for writes. */
export function neededRole(request: FastifyRequest): Role {
  const configured = request.routeOptions.config?.role;
  if (configured) return configured;
  return request.method === 'GET' || request.method === 'HEAD' ? 'viewer' : 'editor';
}

/** Whether requests must authenticate (then a non-loopback address may be served). */
export function authenticationOn(options: AccessOptions): boolean {
  return options.auth !== undefined || options.trustedProxy !== undefined;
}

/**
 * Establishes every /api/v1 request's principal, then checks its role against the route's: a trusted proxy's user,
 * else the bearer token (auth 'tokens') or the custom authenticator, else — authentication off — the local admin.
 * A refused request is a 401 (with `WWW-Authenticate: Bearer`) or a 403 naming the role needed. Failed
 * authentications are audited, one row per client address per reason per minute, and, with a request limit, counted
 * per client address: past the limit its requests are a 429 with Retry-After until the minute ends (FailedAuthLimit).
 * A trusted proxy's users are never refused so: their requests name their user, not a token to check.
 */
export function accessControl(db: Database, options: AccessOptions, log: FastifyBaseLogger) {
  const proxy = options.trustedProxy ? new TrustedProxy(options.trustedProxy) : null;
  const tokens = options.auth === 'tokens' ? db.tokens : null;
  const custom = typeof options.auth === 'object' ? options.auth : null;
  const on = authenticationOn(options);
  const throttle = new FailedAuthThrottle();
  const limit = on && options.requestsPerMinute ? new FailedAuthLimit(options.requestsPerMinute) : null;

  // Awaited (once per address and reason a minute, so rarely), so the row exists when the 401 is sent.
  const audit = async (request: FastifyRequest, reason: AuthFailureReason, prefix: string | undefined) => {
    const address = request.socket.remoteAddress ?? 'unknown';
    if (!throttle.shouldAudit(address, reason)) return;
    await db.audit
      .append({
        actor: `address:${address}`,
        action: 'auth.failed',
        outcome: 'denied',
        correlationId: String(request.id),
        details: { reason, ...(prefix ? { tokenPrefix: prefix } : {}), method: request.method, route: request.routeOptions.url ?? null },
      })
      .catch((error: unknown) => log.warn({ err: error, requestId: request.id }, 'could not audit a failed authentication'));
  };

  const fail = async (request: FastifyRequest, reason: AuthFailureReason, prefix?: string, message?: string): Promise<never> => {
    await audit(request, reason, prefix);
    throw new UnauthorizedError(reason, message);
  };

  async function authenticate(request: FastifyRequest): Promise<Principal> {
    if (custom) return (await custom.authenticate(request)) ?? LEGACY_AUTHENTICATED;
    if (tokens) {
      const bearer = readBearerToken(request);
      if ('missing' in bearer) return fail(request, 'missing');
      if ('malformed' in bearer) return fail(request, 'malformed', undefined, bearer.badToken ? NOT_AN_API_TOKEN : undefined);
      const result = await tokens.authenticate(bearer.secret);
      if (!result.ok && result.reason === 'malformed') return fail(request, 'malformed', undefined, NOT_AN_API_TOKEN);
      if (!result.ok) return fail(request, result.reason, bearer.secret.slice(0, TOKEN_PREFIX_LENGTH));
      const t = result.token;
      // The id makes the subject unforgeable: token names are labels several tokens may share.
      const principal: Principal = { subject: tokenActor(t), role: t.role, projects: t.projects === '*' ? '*' : [...t.projects], tokenId: t.id, via: 'token' };
      if (t.expiresAt) principal.expiresAt = t.expiresAt;
      return principal;
    }
    // Only a trusted proxy is configured: everyone else must come through it.
    if (on) return fail(request, 'proxy_user');
    return LOCAL_PRINCIPAL;
  }

  async function establish(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    const proxied = proxy?.principalOf(request);
    if (proxied || limit === null) return proxied ?? authenticate(request);
    // The address the failed-authentication audit names (the TCP peer).
    const address = request.socket.remoteAddress ?? 'unknown';
    const refusal = limit.refusal(address);
    if (refusal) {
      void reply.header('retry-after', String(refusal.retryAfterSeconds));
      throw refusal;
    }
    try {
      return await authenticate(request);
    } catch (error) {
      // A refusal (a custom authenticator's 403 too); a database that could not check the token (503) is none.
      if (error instanceof ApiError && (error.statusCode === 401 || error.statusCode === 403)) limit.fail(address);
      throw error;
    }
  }

  return async function onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = await establish(request, reply);
    request.principal = principal;
    const needed = neededRole(request);
    if (!roleAllows(principal.role, needed)) {
      throw new ApiError(
        403,
        'forbidden',
        `This needs the ${needed} role; ${principal.subject} has the ${principal.role} role. Ask an admin for a token with the ${needed} role.`,
        { requiredRole: needed, role: principal.role },
      );
    }
  };
}
