import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RunSearchEngine } from '@llm-eval/search';
import type { Database } from '@llm-eval/storage';
import type { EventHub } from './events/event-hub';
import type { TokenStreams } from './auth/token-streams';
import type { ResolvedServerOptions } from './server-options';

/** The Fastify instance routes are registered on, with zod schemas as the type provider. */
export type ApiApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** What every route reaches: the database, the search engine, the live-event hub and the streams opened with tokens. */
export interface ServerContext {
  db: Database;
  search: RunSearchEngine;
  events: EventHub;
  tokenStreams: TokenStreams;
  options: ResolvedServerOptions;
  /**
   * Publishes every run change committed so far as live events, now (a no-op until the server listens). Call it
   * before deleting a run: the watcher reads a change with the run's row, which a deletion takes away.
   */
  catchUpEvents(): Promise<void>;
}

/** A route module: registers its routes on the /api/v1 scope. */
export type RouteModule = (app: ApiApp, ctx: ServerContext) => void | Promise<void>;
