import type { Database } from '@llm-eval/storage';
import type { Authenticator } from './auth/authentication';

/** Options of createServer. */
export interface ServerOptions {
  /** An open database. The server uses it and leaves it open on close(): the caller owns it. */
  database?: Database;
  /** A database URL to open (else `LLM_EVAL_DATABASE_URL`, else ./llm_eval_runs.db); closed by close(). */
  databaseUrl?: string;
  /** Address to listen on (default 127.0.0.1). Any non-loopback address needs `auth`. */
  host?: string;
  /** Port to listen on (default 3100; 0 picks a free port). */
  port?: number;
  /** Authentication seam (see auth/authentication.ts). Without it the server refuses non-loopback addresses. */
  auth?: Authenticator;
  /** Largest JSON request body in bytes (default 16 MiB). */
  bodyLimit?: number;
  /** Largest uploaded export file in bytes (default 256 MiB). */
  uploadLimit?: number;
  /** Fastify logger: false (default, for embedding), true, or pino options. Secrets are never logged. */
  logger?: boolean | Record<string, unknown>;
  /** How often the SQLite change check runs, in milliseconds (default 200). */
  changePollMs?: number;
  /** Most event messages queued for one slow client before it is disconnected (default 1000). */
  maxQueuedEvents?: number;
  /**
   * How long a read response may be served again from memory, in milliseconds (default 1000; 0 turns it off). Any
   * write to the database ends it at once (SQLite's data_version, checked per request); PostgreSQL is never cached.
   */
  responseCacheMs?: number;
}

/** ServerOptions with defaults applied. */
export interface ResolvedServerOptions {
  host: string;
  port: number;
  bodyLimit: number;
  uploadLimit: number;
  changePollMs: number;
  maxQueuedEvents: number;
  responseCacheMs: number;
  auth?: Authenticator;
}

export const DEFAULT_PORT = 3100;
export const DEFAULT_HOST = '127.0.0.1';

/** Applies defaults. */
export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  return {
    host: options.host ?? DEFAULT_HOST,
    port: options.port ?? DEFAULT_PORT,
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    uploadLimit: options.uploadLimit ?? 256 * 1024 * 1024,
    changePollMs: options.changePollMs ?? 200,
    maxQueuedEvents: options.maxQueuedEvents ?? 1000,
    responseCacheMs: options.responseCacheMs ?? 1000,
    auth: options.auth,
  };
}
