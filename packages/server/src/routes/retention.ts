import { z } from 'zod';
import type { FinishedRunStatus } from '@llm-eval/storage';
import type { FastifyRequest } from 'fastify';
import type { RouteModule } from '../context';
import { ApiError } from '../errors';
import { auditContext } from '../audit/audit-trail';
import { canSeeProject } from '../auth/principal';
import { errorResponses } from '../schemas/common';
import { putRetentionBody, retentionJson, retentionParams, retentionResponse } from '../schemas/access';

/** An admin scoped to some projects manages only their policies (whether another project exists is not told). */
function checkProject(request: FastifyRequest, project: string): void {
  if (!canSeeProject(request.principal, project)) {
    throw new ApiError(403, 'forbidden', `${request.principal.subject} manages retention of its own projects only.`, { project });
  }
}

/**
 * A project's retention policy, for admins: GET, PUT (set or replace; audited as retention.set) and DELETE (audited
 * as retention.cleared). Policies are applied by `llm-eval runs prune --apply-policies` and, with
 * retentionIntervalMs, by the server on a schedule.
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
        params: retentionParams,
        body: putRetentionBody,
        response: { 200: retentionResponse, ...errorResponses(400, 401, 403, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      checkProject(request, request.params.project);
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
