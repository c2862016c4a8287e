import Fastify, { type FastifyReply } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { RunSearchEngine } from '@llm-eval/search';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { isPublicHost } from './auth/authentication';
import type { ApiApp, RouteModule, ServerContext } from './context';
import { ApiError, errorBody, ServerConfigError, toApiError } from './errors';
import { EventHub } from './events/event-hub';
import { watchRunChanges, type ChangeWatcher } from './events/watch-run-changes';
import { cacheReads } from './cache/cache-reads';
import { openDatabaseVersion } from './cache/database-version';
import { resolveServerOptions, type ServerOptions } from './server-options';
import { healthRoutes } from './routes/health';
import { runsRoutes } from './routes/runs';
import { itemsRoutes } from './routes/items';
import { compareRoutes } from './routes/compare';
import { trendsRoutes } from './routes/trends';
import { projectsRoutes } from './routes/projects';
import { exportRoutes } from './routes/export';
import { ingestRoutes } from './routes/ingest';
import { eventsRoutes } from './routes/events';
import { SERVER_VERSION } from './version';

/** Every route module of /api/v1, in the order the OpenAPI document lists them. */
const ROUTES: RouteModule[] = [
  runsRoutes,
  itemsRoutes,
  compareRoutes,
  trendsRoutes,
  projectsRoutes,
  exportRoutes,
  ingestRoutes,
  eventsRoutes,
  healthRoutes,
];

/** How long close() waits for requests in flight before cutting their connections. */
const CLOSE_GRACE_MS = 2000;

/** A created server: the Fastify app to embed or test, and listen/close. */
export interface LlmEvalServer {
  /** The Fastify instance (inject requests, add routes, or mount it behind your own server). */
  readonly app: ApiApp;
  /** The open database the server reads and writes. */
  readonly database: Database;
  /** Live events: publish or subscribe in-process. */
  readonly events: EventHub;
  /** The address it listens on (http://host:port), once listening. */
  readonly url: string | null;
  /** Starts listening (options override createServer's host and port); resolves with the URL. */
  listen(options?: { host?: string; port?: number }): Promise<string>;
  /** Stops listening, ends live streams and closes the database if the server opened it. */
  close(): Promise<void>;
}

/**
 * Creates the llm-eval API server over a database: every run, item, comparison, trend and project under /api/v1,
 * live events at /api/v1/events, the OpenAPI document at /api/openapi.json and its docs page at /api/docs.
 */
export async function createServer(options: ServerOptions = {}): Promise<LlmEvalServer> {
  const resolved = resolveServerOptions(options);
  const ownsDatabase = options.database === undefined;
  const db = options.database ?? (await initializeDatabase({ url: options.databaseUrl }));
  const events = new EventHub();
  const databaseVersion = await openDatabaseVersion(db);
  const ctx: ServerContext = { db, search: new RunSearchEngine(db), events, options: resolved };

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: resolved.bodyLimit,
    // Run names and prefixes in paths may be long; ids are 36 characters.
    routerOptions: { maxParamLength: 600 },
    // Idle keep-alive sockets close at once; requests in flight finish (live streams are ended by the events route's preClose hook).
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // A path Fastify's router cannot decode (a lone surrogate's bytes, %ED%A0%80) or with a too long parameter is
    // answered before any route: give it the one error shape too.
    frameworkErrors: (error, _request, reply) => {
      const apiError = toApiError(error);
      void (reply as FastifyReply).status(apiError.statusCode).send(errorBody(apiError));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500 && apiError.code === 'internal') request.log.error({ err: error }, 'request failed');
    if (apiError.code === 'database_busy') void reply.header('retry-after', '1');
    return reply.status(apiError.statusCode).send(errorBody(apiError));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError(404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}. The API is described at /api/openapi.json.`);
    return reply.status(404).send(errorBody(error));
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'llm-eval API',
        description: 'Store, search and compare LLM evaluation runs. Errors always have the shape { error: { code, message, details } }.',
        version: SERVER_VERSION,
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      if (resolved.auth) {
        const auth = resolved.auth;
        api.addHook('onRequest', async (request) => auth.authenticate(request));
      }
      cacheReads(api as ApiApp, databaseVersion, resolved.responseCacheMs);
      for (const route of ROUTES) await route(api as ApiApp, ctx);
    },
    { prefix: '/api/v1' },
  );

  let watcher: ChangeWatcher | null = null;
  let url: string | null = null;
  let closed = false;

  return {
    app: app as ApiApp,
    database: db,
    events,
    get url() {
      return url;
    },
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? resolved.host;
      const port = listenOptions.port ?? resolved.port;
      if (isPublicHost(host) && !resolved.auth) {
        throw new ServerConfigError(
          `Refusing to listen on ${host}: without authentication anyone who can reach that address could read, ` +
            'change and delete every run. Listen on 127.0.0.1 (the default) and put an authenticating proxy in front, ' +
            'or pass an authenticator (createServer({ auth })).',
        );
      }
      watcher ??= await watchRunChanges(db, events, { pollMs: resolved.changePollMs, log: app.log });
      const address = await app.listen({ host, port });
      url = address;
      return address;
    },
    async close() {
      if (closed) return;
      closed = true;
      await watcher?.close();
      // Requests in flight get a short grace period; after it, every remaining socket is cut, including keep-alive
      // sockets that never sent a request (Node does not count those as idle, so they would hold close() open).
      const grace = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(grace);
      }
      databaseVersion.close();
      if (ownsDatabase) await db.close();
    },
  };
}
