import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { RouteModule, ServerContext } from '../context';
import { ApiError } from '../errors';
import { resolveVisibleRun } from '../auth/visible-runs';
import { errorResponses, runReference } from '../schemas/common';
import { serveEventStream } from '../events/sse-stream';
import { serveWebSocket, type RunTarget } from '../events/websocket-stream';
import { runEvent } from '../events/run-events';
import type { StreamWatch } from '../auth/token-streams';

const eventsQuery = z.object({
  run: runReference.optional().describe('only this run: an id, a unique id prefix, latest, latest~N, or a unique run name'),
  access_token: z
    .string()
    .max(512)
    .optional()
    .describe('the API token, for clients that cannot send an Authorization header (a browser EventSource); never logged'),
});

/**
 * A run reference the database can be asked about: no NUL (PostgreSQL text cannot hold it) or lone surrogates.
 * `field` names where it came from: `querystring.run`, or `message.run` of a WebSocket subscribe message.
 */
function checkReference(reference: string, field: RunField): void {
  if (/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(reference)) {
    throw new ApiError(
      400,
      'invalid_request',
      `Invalid ${field}: a run reference cannot contain NUL or unpaired surrogate characters. Send the run's id, id prefix or name.`,
      { field },
    );
  }
}

/** Where a run reference was given: `?run=`, or the `run` of a WebSocket subscribe message. */
type RunField = 'querystring.run' | 'message.run';

async function resolveTarget(ctx: ServerContext, request: FastifyRequest, reference: string, field: RunField): Promise<RunTarget> {
  checkReference(reference, field);
  const id = await resolveVisibleRun(ctx, request, reference);
  const run = await ctx.db.runs.requireRun(id);
  return { id: run.id, name: run.name };
}

const DESCRIPTION = [
  'Live run events: run.created, run.progress (items stored, success so far, rate; a few per run per second), ',
  'run.finished (status and summary) and run.deleted, each naming the run by runId and runName, for runs written by ',
  'any process (the CLI, the Evaluator API, an ingest through this API) within about a second.\n\n',
  '**WebSocket**: send the upgrade headers (`ws://host/api/v1/events`); each message is one JSON event. With ',
  'authentication on, a browser (which cannot send headers on a WebSocket) offers the subprotocols `llm-eval.v1` and ',
  '`llm-eval.bearer.<token>`; the server selects `llm-eval.v1`, never the one carrying the token. Send ',
  '`{"type":"subscribe","run":"<ref>"}` to narrow the stream to one run and `{"type":"unsubscribe"}` for every run ',
  'again; each is answered with `{"type":"subscribed","runId","runName"}` (also sent when the socket opens), or ',
  '`{"type":"error","error":{code,message}}`. A client that falls too far behind is closed with code 1013.\n\n',
  '**Server-Sent Events** otherwise: `event: <type>` and `data: <json>` per message, a comment line every 15 s.\n\n',
  'By default every run; `?run=` narrows the stream to one run (an unknown run is a 404 before the stream opens).\n\n',
  'With authentication on, only events of runs of the token\'s projects are sent. A browser EventSource, which cannot ',
  'send headers, may pass the token as `?access_token=`. A stream opened with an API token ends when the token is ',
  'revoked or expires (SSE: a last `unauthorized` event; WebSocket: close code 4401): at once for a revocation through ',
  'this server or an expiry, within a second for a revocation by another process.',
].join('');

/** GET /api/v1/events: a WebSocket when the request asks for an upgrade, Server-Sent Events otherwise. */
export const eventsRoutes: RouteModule = (app, ctx) => {
  const targets = new WeakMap<FastifyRequest, RunTarget | null>();

  // Closing the server ends every stream (SSE responses would otherwise hold the HTTP server open).
  app.addHook('preClose', (done) => {
    ctx.events.close('the server is closing');
    done();
  });

  app.route({
    method: 'GET',
    url: '/events',
    schema: {
      tags: ['events'],
      summary: 'Live run events over WebSocket or Server-Sent Events',
      description: DESCRIPTION,
      querystring: eventsQuery,
      response: {
        200: {
          description: 'A Server-Sent Events stream (or, with the upgrade headers, a WebSocket) of RunEvent messages.',
          content: { 'text/event-stream': { schema: runEvent } },
        },
        ...errorResponses(400, 401, 404, 409, 429),
      },
    },
    // Runs before the upgrade too: an unknown run is a 404 answer, never an opened socket.
    preHandler: async (request) => {
      const { run } = request.query as z.infer<typeof eventsQuery>;
      targets.set(request, run === undefined ? null : await resolveTarget(ctx, request, run, 'querystring.run'));
    },
    handler: (request, reply) => {
      reply.hijack();
      if (request.method === 'HEAD') {
        // Fastify answers HEAD on every GET route: the stream's headers, and no stream to hold open.
        reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
        reply.raw.end();
        return;
      }
      // The token's watch ends the stream when the token is revoked or expires; it never calls back before `stream` is set.
      let watch: StreamWatch | undefined;
      const stream = serveEventStream(reply.raw, ctx.events, {
        initial: targets.get(request) ?? null,
        maxQueued: ctx.options.maxQueuedEvents,
        projects: request.principal.projects,
        admits: () => watch?.allows() ?? true,
      });
      watch = ctx.tokenStreams.watch(request.principal, (message) => {
        stream.end(`event: unauthorized\ndata: ${JSON.stringify({ type: 'unauthorized', message })}\n\n`);
      });
      reply.raw.on('close', watch.stop);
    },
    wsHandler: (socket, request) => {
      let watch: StreamWatch | undefined;
      const stream = serveWebSocket(socket, ctx.events, {
        initial: targets.get(request) ?? null,
        maxQueued: ctx.options.maxQueuedEvents,
        projects: request.principal.projects,
        resolve: (reference) => resolveTarget(ctx, request, reference, 'message.run'),
        admits: () => watch?.allows() ?? true,
      });
      // 4401: the application's "unauthorized" close code (4000–4999 are the application's).
      watch = ctx.tokenStreams.watch(request.principal, (message) => stream.close(4401, message));
      socket.on('close', watch.stop);
    },
  });
};
