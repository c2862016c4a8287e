import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RunSearchEngine } from '@llm-eval/search';
import type { Database } from '@llm-eval/storage';
import type { EventHub } from './events/event-hub';
import type { ResolvedServerOptions } from './server-options';

/** The Fastify instance routes are registered on, with zod schemas as the type provider. */
export type ApiApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** What every route reaches: the database, the search engine and the live-event hub. */
export interface ServerContext {
  db: Database;
  search: RunSearchEngine;
  events: EventHub;
  options: ResolvedServerOptions;
}

/** A route module: registers its routes on the /api/v1 scope. */
export type RouteModule = (app: ApiApp, ctx: ServerContext) => void | Promise<void>;
