import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ValidationError } from '@llm-eval/storage';
import type { RouteModule } from '../context';
import { ApiError } from '../errors';
import { bodyText } from '../body-text';
import { auditContext } from '../audit/audit-trail';
import { creatorOf, projectForNewRun, resolveVisibleRun } from '../auth/visible-runs';
import { canSeeProject, scopeProjectIds } from '../auth/principal';
import { appendItems } from '../ingest/append-items';
import { lossyNumberWarnings } from '../lossy-body-numbers';
import { finishRun } from '../ingest/finish-run';
import { importUpload, UPLOAD_CONTENT_TYPES, uploadFormat } from '../ingest/import-upload';
import { errorResponses, runParams } from '../schemas/common';
import {
  appendItemsBody,
  appendItemsResponse,
  createdRunSchema,
  createRunBody,
  finishRunBody,
  importBody,
  importQuery,
  importResponse,
  MAX_BATCH_ITEMS,
} from '../schemas/ingest';
import { runJson, runWithMetricsJson, runWithMetricsSchema } from '../schemas/run';

/**
 * The 409 of a create whose id is taken. Ids are global while visibility is per project, so the answer is the same
 * whoever holds the run: it names nothing but the id the client sent, and says nothing of the run or its project.
 */
function idTaken(id: string): ApiError {
  return new ApiError(
    409,
    'conflict',
    `The run id ${id} cannot be used: it is taken. Leave id out to get a new one; if this retries your own create, read the run with GET /runs/${id}.`,
    { field: 'body.id' },
  );
}

/**
 * Ingest, so that a Python notebook, a CI job or any tool stores runs with plain HTTP: POST /runs creates a running
 * run, POST /runs/:run/items appends batches (idempotent per item id), POST /runs/:run/finish computes its statistics
 * and final status, and POST /imports stores an uploaded export file.
 */
export const ingestRoutes: RouteModule = async (app, ctx) => {
  app.post(
    '/runs',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Create a run (status running) to append items to',
        description:
          'The run starts now with status running. Append items with POST /runs/{run}/items, then POST /runs/{run}/finish. ' +
          'An id that is taken (by any run, whether the caller sees it or not) is a 409 that names nothing but the id. ' +
          'A client that sends nothing for the heartbeat timeout (default 120 s) sees its run as abandoned until it sends again. ' +
          'A number JSON reads as another value (1e-400 as 0, an integer of more than 15 digits rounded) is stored as read and named in warnings.',
        body: createRunBody,
        response: { 201: createdRunSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const body = {
        ...request.body,
        projectId: projectForNewRun(request, request.body.projectId) ?? null,
        createdBy: creatorOf(request, request.body.createdBy),
      };
      if (body.id && (await ctx.db.runs.getRun(body.id))) throw idTaken(body.id);
      // One instant for all three: storage's own clock for createdAt would read later, a run started before it was created.
      const now = new Date();
      try {
        // The heartbeat is stamped by the database's clock, which readers judge it by (this machine's may be off theirs).
        const run = await ctx.db.runs.createRun({ ...body, status: 'running', createdAt: now, startedAt: now, heartbeatAt: 'now' }, auditContext(request));
        return reply.status(201).send({ ...runJson(run), warnings: lossyNumberWarnings(request) });
      } catch (error) {
        // Two creates with one id at once: the second loses on the primary key.
        if (error instanceof ValidationError && error.field === 'id' && body.id) throw idTaken(body.id);
        throw error;
      }
    },
  );

  app.post(
    '/runs/:run/items',
    {
      schema: {
        tags: ['ingest'],
        summary: `Append a batch of 1–${MAX_BATCH_ITEMS} items to a running run (idempotent per itemId)`,
        description:
          'Safe to retry: an item whose itemId the run already holds is listed in alreadyStored and left as it is, never ' +
          'stored twice, even when the same batch arrives twice at once. Each item is checked on its own: an invalid item, ' +
          'or one repeating an itemId earlier in the batch, is listed in rejected with the reason, and every other item is ' +
          'stored. A run that has finished accepts no items (409). A number of a stored item that JSON reads as another ' +
          'value (1e-400 as 0, an integer of more than 15 digits rounded) is stored as read and named in warnings.',
        params: runParams,
        body: appendItemsBody,
        response: { 200: appendItemsResponse, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const id = await resolveVisibleRun(ctx, request, request.params.run);
      const outcome = await appendItems(ctx.db, id, request.body.items, request.log);
      // Numbers are named only of the items this request stored: a rejected or already stored item kept none of its own.
      const notStored = new Set([...outcome.rejected, ...outcome.alreadyStored].map((item) => String(item.index)));
      const stored = (path: readonly string[]) => path[0] === 'items' && path.length > 2 && !notStored.has(path[1]!);
      return { ...outcome, warnings: lossyNumberWarnings(request, stored) };
    },
  );

  app.post(
    '/runs/:run/finish',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Finish a run: final status, per-metric statistics and totals from its items',
        description:
          'Status defaults to completed. Finishing again with the same status is idempotent (200, statistics recomputed ' +
          'from the stored items); a different status is a 409.',
        params: runParams,
        body: finishRunBody.nullish(),
        response: { 200: runWithMetricsSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const id = await resolveVisibleRun(ctx, request, request.params.run);
      return runWithMetricsJson(await finishRun(ctx.db, id, request.body ?? {}));
    },
  );

  // The upload takes the file as the raw body, up to uploadLimit. Its parsers live in this child scope only (Fastify
  // encapsulation): every other route keeps the JSON parser and its bodyLimit.
  await app.register(async (scope) => {
    const upload = scope.withTypeProvider<ZodTypeProvider>();
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(
      Object.keys(UPLOAD_CONTENT_TYPES),
      { parseAs: 'buffer', bodyLimit: ctx.options.uploadLimit },
      // Bytes, not a string: an export that is not UTF-8 is refused naming the offset (not stored with U+FFFD).
      (request, body, done) => {
        try {
          done(null, bodyText(request, body as Buffer));
        } catch (error) {
          done(error as Error, undefined);
        }
      },
    );
    upload.addContentTypeParser('*', (request, _payload, done) => {
      done(
        new ApiError(
          415,
          'unsupported_media_type',
          `Content-Type ${JSON.stringify(String(request.headers['content-type'] ?? '').slice(0, 100))} is not an export upload. ` +
            `Send the file as the body with Content-Type ${Object.keys(UPLOAD_CONTENT_TYPES).join(', ')}.`,
        ),
        undefined,
      );
    });

    upload.post(
      '/imports',
      {
        bodyLimit: ctx.options.uploadLimit,
        schema: {
          tags: ['ingest'],
          summary: 'Import an export file (Python LLM-Eval JSON, llm-eval JSON or JSONL) sent as the request body',
          description:
            'What `llm-eval db migrate` takes, as the raw body: application/json for a JSON export, application/x-ndjson ' +
            'for llm-eval JSONL. The run, its items and statistics are stored in one transaction: a file that cannot be ' +
            'imported leaves nothing behind (400 naming the problem). An export this database already holds is a 409 unless ' +
            'allowDuplicate=true. Bodies over the upload limit (default 256 MiB) are a 413.',
          consumes: Object.keys(UPLOAD_CONTENT_TYPES),
          querystring: importQuery,
          body: importBody,
          response: { 201: importResponse, ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503) },
        },
      },
      async (request, reply) => {
        const text = typeof request.body === 'string' ? request.body : '';
        if (text.trim() === '') {
          throw new ApiError(400, 'invalid_request', 'The upload is empty: send the export file as the request body.', { field: 'body' });
        }
        const principal = request.principal;
        const { run, warnings } = await importUpload(ctx.db, text, uploadFormat(request.headers['content-type']), {
          ...request.query,
          // A '*' principal keeps the export's own project unless the request names one. A scoped one writes into its
          // scope only: the project the request names, else the file's (refused when outside the scope, never
          // silently replaced), else its only project.
          projectFor: (named) => {
            if (principal.projects === '*') return request.query.projectId;
            const { projectId } = request.query;
            if (projectId == null && named !== undefined && !canSeeProject(principal, named)) {
              throw new ApiError(
                403,
                'forbidden',
                `The export is of project ${named}, which ${principal.subject} may not write (its projects are ${principal.projects.join(', ') || 'none'}). ` +
                  'To import it into one of those, name it with projectId.',
                { project: named, field: 'projectId' },
              );
            }
            return projectForNewRun(request, projectId ?? named);
          },
          // An admin may keep the export's creator or name one; anyone else is recorded as the creator.
          createdBy: principal.role === 'admin' ? request.query.createdBy : principal.subject,
          // Only runs the caller sees count as duplicates: another project's run is neither named nor refused for.
          duplicateProjectIds: scopeProjectIds(principal),
          audit: auditContext(request),
        });
        return reply.status(201).send({ runId: run.id, run: runWithMetricsJson(run), warnings });
      },
    );
  });
};
