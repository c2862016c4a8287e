import { z } from 'zod';
import type { Database, FinishedRunStatus } from '@llm-eval/storage';
import type { FastifyRequest } from 'fastify';
import type { RouteModule } from '../context';
import { ApiError } from '../errors';
import { auditContext } from '../audit/audit-trail';
import { canSeeProject } from '../auth/principal';
import { visibleProject } from '../auth/visible-project';
import { errorResponses } from '../schemas/common';
import { putRetentionBody, retentionJson, retentionParams, retentionResponse } from '../schemas/access';

/** An admin scoped to some projects manages only their policies (whether another project exists is not told). */
function checkProject(request: FastifyRequest, project: string): void {
  if (!canSeeProject(request.principal, project)) {
    throw new ApiError(403, 'forbidden', `${request.principal.subject} manages retention of its own projects only.`, { project });
  }
}

/**
 * Refuses a policy for a project the database does not hold (a typo, `alpah`, would set one that protects nothing;
 * `llm-eval projects set-retention` refuses it too), with a 404. Asked after checkProject: a scoped admin is told the
 * 403 of any project outside its own, existing or not, and the 404 only of a missing one of its own.
 */
async function requireProject(db: Database, request: FastifyRequest, id: string): Promise<void> {
  if (await visibleProject(db, request.principal, id)) return;
  throw new ApiError(404, 'not_found', `Project ${id} does not exist, so no retention policy was set; GET /api/v1/projects lists the projects.`, {
    project: id,
  });
}

/**
 * A project's retention policy, for admins: GET, PUT (set or replace, of a project the database holds; audited as
 * retention.set) and DELETE (audited as retention.cleared). Policies are applied by
 * `llm-eval runs prune --apply-policies` and, with retentionIntervalMs, by the server on a schedule.
 */
export const retentionRoutes: RouteModule = (app, ctx) => {
  const schema = (summary: string, extra: Record<string, unknown> = {}) => ({
    tags: ['access'],
    summary,
    params: retentionParams,
    ...extra,
  });

  app.get(
    '/projects/:project/retention',
    {
      config: { role: 'admin' },
      schema: schema("A project's retention policy (policy null: none)", {
        response: { 200: retentionResponse, ...errorResponses(400, 401, 403, 429, 503) },
      }),
    },
    async (request) => {
      checkProject(request, request.params.project);
      const policy = await ctx.db.retention.get(request.params.project);
      return { policy: policy ? retentionJson(policy) : null };
    },
  );

  app.put(
    '/projects/:project/retention',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['access'],
        summary: "Set a project's retention policy: finished runs older than maxAgeDays (of statuses) are deleted",
        description:
          'A project the database does not hold (a typo would set a policy that protects nothing) is a 404, and one ' +
          'outside a scoped admin\'s projects a 403 (whether it exists or not), as GET answers; nothing is stored.',
        params: retentionParams,
        body: putRetentionBody,
        response: { 200: retentionResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      checkProject(request, request.params.project);
      await requireProject(ctx.db, request, request.params.project);
      const policy = await ctx.db.retention.set(
        request.params.project,
        { maxAgeDays: request.body.maxAgeDays, statuses: (request.body.statuses as FinishedRunStatus[] | null | undefined) ?? null },
        auditContext(request),
      );
      return { policy: retentionJson(policy) };
    },
  );

  app.delete(
    '/projects/:project/retention',
    {
      config: { role: 'admin' },
      schema: schema("Remove a project's retention policy", {
        response: {
          200: z.object({ cleared: z.boolean().describe('false when the project had no policy') }).meta({ id: 'RetentionCleared' }),
          ...errorResponses(400, 401, 403, 429, 503),
        },
      }),
    },
    async (request) => {
      checkProject(request, request.params.project);
      return { cleared: await ctx.db.retention.clear(request.params.project, auditContext(request)) };
    },
  );
};
