import type { Database } from '@llm-eval/storage';
import type { Authenticator } from './auth/authentication';
import type { TrustedProxyOptions } from './auth/trusted-proxy';
import { DEFAULT_BODY_IDLE_TIMEOUT_MS } from './body-timeout';

/** Options of createServer. */
export interface ServerOptions {
  /** An open database. The server uses it and leaves it open on close(): the caller owns it. */
  database?: Database;
  /** A database URL to open (else `LLM_EVAL_DATABASE_URL`, else ./llm_eval_runs.db); closed by close(). */
  databaseUrl?: string;
  /** Address to listen on (default 127.0.0.1). Any non-loopback address needs `auth` (or `trustedProxy`). */
  host?: string;
  /** Port to listen on (default 3100; 0 picks a free port). */
  port?: number;
  /**
   * Authentication of /api/v1 (off by default, and then only loopback addresses are served and every caller is the
   * local admin):
   * - `'tokens'`: every request sends `Authorization: Bearer <token>` with an API token (`llm-eval tokens create`,
   *   or POST /api/v1/tokens); its role and projects decide what the request may see and do. A missing, malformed,
   *   unknown, revoked or expired token is a 401 (audited as auth.failed).
   * - an Authenticator: your own check, returning the caller's Principal (see auth/authentication.ts).
   */
  auth?: 'tokens' | Authenticator;
  /**
   * Single sign-on through a reverse proxy that authenticates users and names them in a header (default
   * x-forwarded-user). The header is believed only from the TCP peers in `addresses`, IP addresses or CIDR ranges
   * (anything else is a ServerConfigError), never from X-Forwarded-For;
   * anyone else must authenticate as `auth` says. Proxy users get `role` (default viewer) on `projects` (default
   * '*'). Setting it turns authentication on.
   */
  trustedProxy?: TrustedProxyOptions;
  /**
   * Requests per minute per principal (token, proxy user, or client address without authentication), answered past
   * it with 429 and Retry-After. Default 600 when authentication is on; off otherwise unless given.
   */
  rateLimit?: { requestsPerMinute: number };
  /**
   * How often the server applies the projects' retention policies (db.retention.apply, audited as
   * `server:retention`), in milliseconds. Off unless given.
   */
  retentionIntervalMs?: number;
  /** Largest JSON request body in bytes (default 16 MiB). */
  bodyLimit?: number;
  /** Largest uploaded export file in bytes (default 256 MiB). */
  uploadLimit?: number;
  /**
   * How long a request body may stall, no byte arriving, before the request is answered 408 and its connection
   * closed, in milliseconds (default 30000). A slow but steady upload is never cut: every chunk restarts it.
   */
  bodyIdleTimeoutMs?: number;
  /**
   * Fastify logger: false (default, for embedding), true, or pino options. Request logs carry the request id (the
   * client's `x-request-id` when it is a short token that does not look like an API token, else a generated one); the Authorization header and any
   * `access_token` are never logged.
   */
  logger?: boolean | Record<string, unknown>;
  /** How often the SQLite change check runs, in milliseconds (default 200). */
  changePollMs?: number;
  /** Most event messages queued for one slow client before it is disconnected (default 1000). */
  maxQueuedEvents?: number;
  /**
   * How long a read response may be served again from memory, in milliseconds (default 1000; 0 turns it off). Any
   * write to the database ends it at once (SQLite's data_version, checked per request); PostgreSQL is never cached.
   * Entries are kept per project scope, so a caller is never served what another scope was answered.
   */
  responseCacheMs?: number;
  /**
   * The built dashboard's directory (holding index.html), served at `/` with every page path falling back to
   * index.html. `llm-eval serve` passes @llm-eval/web's; leave it out to serve only the API.
   */
  dashboard?: string;
}

/** ServerOptions with defaults applied. */
export interface ResolvedServerOptions {
  host: string;
  port: number;
  bodyLimit: number;
  uploadLimit: number;
  bodyIdleTimeoutMs: number;
  changePollMs: number;
  maxQueuedEvents: number;
  responseCacheMs: number;
  auth?: 'tokens' | Authenticator;
  trustedProxy?: TrustedProxyOptions;
  /** Requests per minute per principal, or null for no limit. */
  requestsPerMinute: number | null;
  retentionIntervalMs: number | null;
}

export const DEFAULT_PORT = 3100;
export const DEFAULT_HOST = '127.0.0.1';
/** Requests per minute per principal when authentication is on and no rateLimit is given. */
export const DEFAULT_REQUESTS_PER_MINUTE = 600;

/** Applies defaults. */
export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  const authOn = options.auth !== undefined || options.trustedProxy !== undefined;
  return {
    host: options.host ?? DEFAULT_HOST,
    port: options.port ?? DEFAULT_PORT,
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    uploadLimit: options.uploadLimit ?? 256 * 1024 * 1024,
    bodyIdleTimeoutMs: options.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_TIMEOUT_MS,
    changePollMs: options.changePollMs ?? 200,
    maxQueuedEvents: options.maxQueuedEvents ?? 1000,
    responseCacheMs: options.responseCacheMs ?? 1000,
    auth: options.auth,
    trustedProxy: options.trustedProxy,
    requestsPerMinute: options.rateLimit?.requestsPerMinute ?? (authOn ? DEFAULT_REQUESTS_PER_MINUTE : null),
    retentionIntervalMs: options.retentionIntervalMs ?? null,
  };
}
