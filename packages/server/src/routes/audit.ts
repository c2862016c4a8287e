import { AUDIT_ACTIONS, type AuditAction } from '@llm-eval/models';
import type { RouteModule } from '../context';
import { ApiError } from '../errors';
import { scopeProjectIds } from '../auth/principal';
import { errorResponses } from '../schemas/common';
import { auditEntryJson, auditPageSchema, auditQuery } from '../schemas/access';

/** GET /audit: the audit log for admins, newest first, filtered and cursor-paged (what `llm-eval audit list` shows). */
export const auditRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'The audit log: who did what and when, newest first',
        description:
          `Actions: ${AUDIT_ACTIONS.join(', ')}. Each entry's correlationId is the x-request-id of the request that ` +
          'did it. An admin scoped to some projects sees only the entries of those projects.',
        querystring: auditQuery,
        response: { 200: auditPageSchema, ...errorResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(q.action)) {
        throw new ApiError(400, 'invalid_request', `Invalid querystring.action: must be one of ${AUDIT_ACTIONS.join(', ')}.`, {
          field: 'querystring.action',
        });
      }
      const page = await ctx.db.audit.list({
        since: q.since,
        actor: q.actor,
        action: q.action as AuditAction | undefined,
        limit: q.limit,
        cursor: q.cursor,
        projectIds: scopeProjectIds(request.principal) ?? '*',
      });
      return { entries: page.entries.map(auditEntryJson), nextCursor: page.nextCursor };
    },
  );
};
