import { z } from 'zod';
import { abandonedRunAdvice, type RunRecord } from '@llm-eval/storage';
import type { RouteModule } from '../context';
import { ApiError } from '../errors';
import { cutSecrets, cutSecretsDeep } from '../auth/cut-secrets';
import { auditContext } from '../audit/audit-trail';
import { resolveVisibleRun } from '../auth/visible-runs';
import { catchUpWithin, CATCH_UP_LIMIT_MS } from '../bounded-catch-up';
import { scopeProjectIds } from '../auth/principal';
import { errorResponses, runParams } from '../schemas/common';
import { runJson, runSchema, runWithMetricsJson, runWithMetricsSchema } from '../schemas/run';
import { cancelRunBody, deleteRunQuery, listRunsQuery, patchRunBody, runPageSchema, type ListRunsQuery } from '../schemas/run-list';

/** The search engine's structured filters (storage's RunFilters) from the query parameters of GET /runs. */
function runFilters(q: ListRunsQuery) {
  return {
    projectId: q.project,
    datasetName: q.dataset,
    modelName: q.model,
    status: q.status?.length ? q.status : undefined,
    tags: q.tag?.length ? q.tag : undefined,
    anyTags: q.anyTag?.length ? q.anyTag : undefined,
    createdBy: q.createdBy,
    createdAfter: q.createdAfter,
    createdBefore: q.createdBefore,
    minSuccessRate: q.minSuccessRate,
    maxSuccessRate: q.maxSuccessRate,
    minDurationSeconds: q.minDurationSeconds,
    maxDurationSeconds: q.maxDurationSeconds,
    text: q.text?.trim() ? q.text : undefined,
  };
}

/**
 * The refusal to cancel an abandoned run, as `llm-eval runs cancel` words it: its writer is gone (recover settles it
 * from its stored items), or its process still exists on this host though silent (recover needs --force).
 */
function abandonedRefusal(run: RunRecord): ApiError {
  const hint = abandonedRunAdvice(run, (force) => `llm-eval runs recover ${run.id}${force ? ' --force' : ''}`);
  return new ApiError(409, 'run_not_running', `Run ${run.id} ("${run.name}") is abandoned, not running: nothing to cancel (${hint}).`, {
    run: run.id,
    status: run.status,
  });
}

/**
 * Runs: GET /runs (filters + the natural-language q, sorted, cursor-paged), GET /runs/:run (with metric statistics),
 * PATCH /runs/:run (name, description, tags), DELETE /runs/:run and POST /runs/:run/cancel. `:run` is anything
 * `llm-eval runs show` takes: an id, a unique id prefix, latest, latest~N or a unique name.
 */
export const runsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'List and search runs: filters, a natural-language query (q), sort and cursor paging',
        description:
          'Every filter of `llm-eval runs list` and the query language of `llm-eval runs search`, combined with AND. ' +
          'The response says how q was understood (explanation) and which words were not used (warnings). Page with ' +
          'nextCursor; total counts every match, or the query\'s own limit when that is fewer ("latest 3"). A q that cannot be parsed is a 422 whose details.position is the 0-based ' +
          'character offset of the problem.',
        querystring: listRunsQuery,
        response: { 200: runPageSchema, ...errorResponses(400, 401, 422, 429, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      // One engine call for a plain list and a search alike, so both page, count and explain the same way.
      const result = await ctx.search.searchRuns({
        ...runFilters(q),
        projectIds: scopeProjectIds(request.principal),
        query: q.q,
        sort: q.sort,
        limit: q.limit,
        cursor: q.cursor,
        timeZone: q.tz ?? 'UTC',
      });
      return {
        runs: result.runs.map(runJson),
        total: result.total,
        nextCursor: result.nextCursor,
        // How q was read repeats its words, and the sort its metric: a token pasted into them is cut to its prefix, as
        // in error messages.
        filter: cutSecretsDeep(result.filter),
        sort: cutSecretsDeep(result.sort),
        explanation: cutSecrets(result.explanation),
        warnings: result.warnings.map(cutSecrets),
      };
    },
  );

  app.get(
    '/runs/:run',
    {
      schema: {
        tags: ['runs'],
        summary: 'One run with its per-metric statistics',
        params: runParams,
        response: { 200: runWithMetricsSchema, ...errorResponses(400, 401, 404, 409, 429, 503) },
      },
    },
    async (request) => {
      const id = await resolveVisibleRun(ctx, request, request.params.run);
      return runWithMetricsJson(await ctx.db.runs.requireRun(id));
    },
  );

  app.patch(
    '/runs/:run',
    {
      schema: {
        tags: ['runs'],
        summary: "Rename a run, change its description, or replace its tags",
        description: 'Audited as run.updated, with each changed field before and after.',
        params: runParams,
        body: patchRunBody,
        response: { 200: runSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const id = await resolveVisibleRun(ctx, request, request.params.run);
      const { name, description, tags } = request.body;
      // Audited in the update's own transaction, the values before read under the run's lock.
      const run: RunRecord = await ctx.db.runs.updateRun(
        id,
        {
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(tags !== undefined ? { tags } : {}),
        },
        auditContext(request),
      );
      return runJson(run);
    },
  );

  app.delete(
    '/runs/:run',
    {
      schema: {
        tags: ['runs'],
        summary: 'Delete a run with its items, metrics, tags and cached comparisons',
        description:
          'Answers 200 with { deleted: id }. A run whose writer is still alive (status running) is refused with 409 ' +
          'unless force=true: deleting it under a live evaluation makes that evaluation fail to store its next items. ' +
          '(`llm-eval runs delete` asks for the same confirmation on the terminal.)',
        params: runParams,
        querystring: deleteRunQuery,
        response: {
          200: z.object({ deleted: z.string().describe('the id of the deleted run') }).meta({ id: 'RunDeleted' }),
          ...errorResponses(400, 401, 403, 404, 409, 429, 503),
        },
      },
    },
    async (request) => {
      const id = await resolveVisibleRun(ctx, request, request.params.run);
      const run = await ctx.db.runs.requireRun(id);
      if (run.status === 'running' && !request.query.force) {
        throw new ApiError(
          409,
          'conflict',
          `Run ${run.id} ("${run.name}") is running and its writer is alive; deleting it would make that evaluation fail. ` +
            'Wait for it to finish, or pass force=true to delete it anyway.',
          { run: run.id, status: run.status },
        );
      }
      // What happened to the run before (created, items, finished) is read with its row: publish it while it exists,
      // or a run finished and deleted within one poll would reach subscribers as run.deleted alone.
      // Waited for a moment at most (catchUpWithin): a half-open LISTEN connection must not hang the delete.
      await catchUpWithin(ctx.catchUpEvents, CATCH_UP_LIMIT_MS, (reason, error) =>
        request.log.warn({ reason, err: error }, 'live events not caught up before the delete: going on without'),
      );
      await ctx.db.runs.deleteRuns([id], auditContext(request));
      return { deleted: id };
    },
  );

  app.post(
    '/runs/:run/cancel',
    {
      schema: {
        tags: ['runs'],
        summary: 'Cancel a running run',
        description:
          'Sets a running run to cancelled (one guarded update; the optional body\'s reason becomes its status reason) and answers 200 with the run (as GET /runs/{run} shows it). Its writer or distributed ' +
          'workers see the status and stop its remaining items; batches arriving later are refused. A run that is not ' +
          'running (completed, failed, cancelled) is a 409 with code run_not_running and its status in details. So is an ' +
          'abandoned run (stored as running, its writer gone): there is nothing to cancel, and cancelling would store it ' +
          'without its statistics; settle it with `llm-eval runs recover <run>` (with --force when its writer\'s process ' +
          'still exists on the server\'s host, as the message then says).',
        params: runParams,
        body: cancelRunBody,
        response: { 200: runWithMetricsSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const id = await resolveVisibleRun(ctx, request, request.params.run);
      const before = await ctx.db.runs.requireRun(id);
      if (before.status === 'abandoned') throw abandonedRefusal(before);
      if (!(await ctx.db.runs.cancelRun(id, request.body?.reason ?? 'cancelled through the API', auditContext(request)))) {
        const run = await ctx.db.runs.requireRun(id);
        throw new ApiError(
          409,
          'run_not_running',
          `Run ${run.id} ("${run.name}") is ${run.status}, not running: only a running run can be cancelled.`,
          { run: run.id, status: run.status },
        );
      }
      return runWithMetricsJson(await ctx.db.runs.requireRun(id));
    },
  );
};
