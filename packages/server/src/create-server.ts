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
import { sameOriginGuard } from './auth/same-origin-guard';
import { accessControl, authenticationOn } from './auth/access-control';
import { limitRequests } from './auth/rate-limit';
import { selectEventsProtocol } from './auth/bearer-token';
import type { Principal } from './auth/principal';
import { TokenStreams } from './auth/token-streams';
import { ProxyAddresses } from './auth/proxy-addresses';
import { loggerOptions, redactUrl, REQUEST_ID_HEADER, requestIdOf } from './request-log';
import { scheduleRetention, type RetentionSchedule } from './retention-schedule';
import type { ApiApp, RouteModule, ServerContext } from './context';
import { ApiError, errorBody, ServerConfigError, toApiError, UnauthenticatedPublicHostError } from './errors';
import { cutSecrets } from './auth/cut-secrets';
import { refuseEmptyPathParameters } from './empty-path-parameters';
import { databaseErrorLog, databaseFailure, databasePassword } from './database-failure';
import { parseJsonBodies } from './json-body';
import { documentCommonStatuses } from './common-statuses';
import { limitBodyIdleTime, REQUEST_TIMEOUT_MS } from './body-timeout';
import { clientErrorHandler } from './client-error';
import { checkQuery, parseQueryString, refuseRawHash } from './query-string';
import { EventHub } from './events/event-hub';
import { watchRunChanges, type ChangeWatcher } from './events/watch-run-changes';
import { MAX_CLIENT_MESSAGE_BYTES, websocketErrorHandler } from './events/websocket-client-errors';
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
import { tokensRoutes } from './routes/tokens';
import { auditRoutes } from './routes/audit';
import { retentionRoutes } from './routes/retention';
import { SERVER_VERSION } from './version';
import { serveDashboard } from './dashboard';

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
  tokensRoutes,
  auditRoutes,
  retentionRoutes,
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
 * live events at /api/v1/events, the OpenAPI document at /api/openapi.json and its docs page at /api/docs, and, with
 * the dashboard option, the web dashboard at /.
 */
export async function createServer(options: ServerOptions = {}): Promise<LlmEvalServer> {
  const resolved = resolveServerOptions(options);
  checkOptions(resolved);
  const ownsDatabase = options.database === undefined;
  const db = options.database ?? (await initializeDatabase({ url: options.databaseUrl }));
  const events = new EventHub();
  const databaseVersion = await openDatabaseVersion(db);
  const tokenStreams = new TokenStreams(db);
  let watcher: ChangeWatcher | null = null;
  const catchUpEvents = async () => {
    await watcher?.catchUp();
  };
  const ctx: ServerContext = { db, search: new RunSearchEngine(db), events, tokenStreams, options: resolved, catchUpEvents };

  const app = Fastify({
    logger: loggerOptions(options.logger),
    // The client's x-request-id when it is a short token, else a new one: in every log line, the response header and
    // the audit rows' correlation id.
    genReqId: requestIdOf,
    bodyLimit: resolved.bodyLimit,
    // A bound on the whole request (Fastify turns Node's off); a stalled body is cut sooner (limitBodyIdleTime).
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Run names and prefixes in paths may be long; ids are 36 characters. A query string that is not valid
    // percent-encoded UTF-8 is refused as such a path is (below), instead of being used undecoded.
    routerOptions: { maxParamLength: 600, querystringParser: parseQueryString },
    // Idle keep-alive sockets close at once; requests in flight finish (live streams are ended by the events route's preClose hook).
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // A request Node's HTTP parser refuses (a Content-Length that lies) is answered in the one error shape too.
    clientErrorHandler,
    // A path Fastify's router cannot decode (a lone surrogate's bytes, %ED%A0%80) or with a too long parameter is
    // answered before any route: give it the one error shape too.
    frameworkErrors: (error, _request, reply) => {
      const apiError = toApiError(error);
      void (reply as FastifyReply).status(apiError.statusCode).send(errorBody(apiError));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.decorateRequest('principal', null as unknown as Principal);
  // Before any route is added (the dashboard's and the docs' too), so every route refuses an undecodable query, and
  // every /api/v1 route a query parameter it does not take.
  app.addHook('onRoute', checkQuery);
  // Before @fastify/swagger is registered: the document then lists the statuses every route can answer.
  app.addHook('onRoute', documentCommonStatuses);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  limitBodyIdleTime(app, resolved.bodyIdleTimeoutMs);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  parseJsonBodies(app);
  const password = databasePassword(db.config);
  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error, request.query, request.routeOptions.bodyLimit);
    if (databaseFailure(error)) {
      // The driver's text, never its statement's parameters nor the database password.
      const level = apiError.statusCode >= 500 ? 'error' : 'warn';
      request.log[level]({ err: databaseErrorLog(error, [password]), status: apiError.statusCode }, 'database error');
    } else if (apiError.statusCode >= 500 && apiError.code === 'internal') {
      request.log.error({ err: error }, 'request failed');
    }
    if (apiError.code === 'database_busy') void reply.header('retry-after', '1');
    if (apiError.code === 'unauthorized') void reply.header('www-authenticate', 'Bearer realm="llm-eval"');
    return reply.status(apiError.statusCode).send(errorBody(apiError));
  });
  const dashboardPage = options.dashboard === undefined ? null : await serveDashboard(app, options.dashboard);
  app.setNotFoundHandler((request, reply) => {
    const page = dashboardPage?.(request, reply);
    if (page) return page;
    // The path may hold a token pasted in the wrong place, percent-encoded too (errorBody cuts the plain form).
    const path = redactUrl(cutSecrets(request.url.split('?')[0] ?? '')) ?? '';
    const error = new ApiError(404, 'not_found', `No route ${request.method} ${path}. The API is described at /api/openapi.json.`);
    return reply.status(404).send(errorBody(error));
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'llm-eval API',
        description:
          'Store, search and compare LLM evaluation runs. Errors always have the shape { error: { code, message, details } }. ' +
          'A query parameter an operation does not list, a repeated one it takes once, and a JSON body giving a key twice are 400s naming it.',
        version: SERVER_VERSION,
      },
      // With authentication on (createServer({ auth: 'tokens' }), `llm-eval serve --auth`), every /api/v1 request
      // sends an API token; off, the server only listens on loopback and needs none.
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'an API token (`llm-eval tokens create`)' } } },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(fastifyWebsocket, {
    options: { maxPayload: MAX_CLIENT_MESSAGE_BYTES, handleProtocols: selectEventsProtocol },
    // A client's oversized or broken frame is an info line, not an error with a stack.
    errorHandler: websocketErrorHandler,
  });
  // After the WebSocket plugin: its hooks then mark an upgrade request, and end the socket of a refused one.
  app.addHook('onRequest', sameOriginGuard(resolved));
  // Before authentication: a target the router would split at a raw `#` is refused before its token is even read.
  app.addHook('onRequest', refuseRawHash);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      // Order matters: a path naming nothing (404) first, who is asking (401/403), then their rate (429), then the
      // response cache keyed by their scope.
      api.addHook('onRequest', refuseEmptyPathParameters);
      api.addHook('onRequest', accessControl(db, resolved, app.log));
      if (resolved.requestsPerMinute !== null) await limitRequests(api as ApiApp, resolved.requestsPerMinute);
      cacheReads(api as ApiApp, databaseVersion, resolved.responseCacheMs);
      for (const route of ROUTES) await route(api as ApiApp, ctx);
    },
    { prefix: '/api/v1' },
  );

  const schedule: RetentionSchedule | null =
    resolved.retentionIntervalMs === null ? null : scheduleRetention(db.retention, resolved.retentionIntervalMs, app.log);

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
      if (isPublicHost(host) && !authenticationOn(resolved)) {
        throw new UnauthenticatedPublicHostError(host);
      }
      watcher ??= await watchRunChanges(db, events, { pollMs: resolved.changePollMs, log: app.log });
      const address = await app.listen({ host, port });
      url = address;
      return address;
    },
    async close() {
      if (closed) return;
      closed = true;
      schedule?.stop();
      tokenStreams.close();
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

/** Options that cannot work, refused before anything is opened. */
function checkOptions(resolved: ReturnType<typeof resolveServerOptions>): void {
  const perMinute = resolved.requestsPerMinute;
  if (perMinute !== null && !(Number.isInteger(perMinute) && perMinute > 0)) {
    throw new ServerConfigError(`rateLimit.requestsPerMinute must be a whole number above 0, not ${String(perMinute)}.`);
  }
  const every = resolved.retentionIntervalMs;
  if (every !== null && !(Number.isFinite(every) && every >= 1000)) {
    throw new ServerConfigError(`retentionIntervalMs must be at least 1000 (one second), not ${String(every)}.`);
  }
  const idle = resolved.bodyIdleTimeoutMs;
  if (!(Number.isFinite(idle) && idle >= 1)) {
    throw new ServerConfigError(`bodyIdleTimeoutMs must be a number of milliseconds above 0, not ${String(idle)}.`);
  }
  const proxy = resolved.trustedProxy;
  if (proxy && (!Array.isArray(proxy.addresses) || proxy.addresses.length === 0)) {
    throw new ServerConfigError('trustedProxy.addresses must list at least one proxy address (the TCP peer the proxy connects from).');
  }
  // An address no peer can have (`*`, `localhost`, `0.0.0.0`) would leave single sign-on silently off: refused here.
  if (proxy) new ProxyAddresses(proxy.addresses);
}
