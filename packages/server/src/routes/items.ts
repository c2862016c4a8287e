import type { RouteModule } from '../context';
import { ApiError } from '../errors';
import { cutSecrets } from '../auth/cut-secrets';
import { resolveVisibleRun } from '../auth/visible-runs';
import { scopeProjectIds } from '../auth/principal';
import { errorResponses, runParams } from '../schemas/common';
import { itemJson, itemPageSchema, listItemsQuery, type ListItemsQuery } from '../schemas/item';

/** The structured filters given, by query-parameter name. */
function structuredFilters(q: ListItemsQuery): string[] {
  const given = { status: q.status?.length, metric: q.metric, minScore: q.minScore, maxScore: q.maxScore, text: q.text, itemId: q.itemId?.length, sort: q.sort };
  return Object.entries(given)
    .filter(([, v]) => v !== undefined && v !== 0)
    .map(([k]) => k);
}

/** How the structured filters were understood, in the words of an item query's explanation. */
function describeFilters(q: ListItemsQuery): string {
  const parts: string[] = [];
  if (q.status?.length) parts.push(`status is ${q.status.join(' or ')}`);
  if (q.minScore !== undefined) parts.push(`${q.metric} >= ${q.minScore}`);
  if (q.maxScore !== undefined) parts.push(`${q.metric} <= ${q.maxScore}`);
  if (q.text?.trim()) parts.push(`text contains "${q.text.trim()}"`);
  if (q.itemId?.length) parts.push(`item id is one of ${q.itemId.length} given`);
  const where = parts.length ? parts.join(' AND ') : 'all items';
  const sort = q.sort ? ` sorted by ${q.sort.field} ${q.sort.direction ?? (q.sort.field === 'responseTime' ? 'desc' : 'asc')}` : '';
  return where + sort;
}

/**
 * GET /runs/:run/items: a run's items, either by an item query (q: "failed items", "exact_match below 0.5",
 * "slowest 20", as `llm-eval runs items`) or by structured filters (status, metric + minScore/maxScore, text, sort;
 * storage's listItems). Cursor-paged; total counts every match, at most the query's own limit ("slowest 20"). The
 * explanation repeats the query's words with any token secret in them cut to its prefix.
 */
export const itemsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/runs/:run/items',
    {
      schema: {
        tags: ['items'],
        summary: "A run's items: an item query (q) or structured filters, cursor-paged",
        description:
          'Use q (the item query language of `llm-eval runs items`) or the structured filters, not both: every filter ' +
          'can be said in q ("failed items", "exact_match below 0.5", "text contains paris", "slowest 20"). A q that ' +
          'cannot be parsed is a 422 with details.position.',
        params: runParams,
        querystring: listItemsQuery,
        response: { 200: itemPageSchema, ...errorResponses(400, 401, 404, 409, 422, 429, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      const filters = structuredFilters(q);
      if (q.q?.trim() && filters.length) {
        throw new ApiError(
          400,
          'invalid_request',
          `Use either q or the structured filters (${filters.join(', ')}), not both: say the filters in q instead, e.g. "failed items slowest 20".`,
          { field: `querystring.${filters[0]}` },
        );
      }
      if ((q.minScore !== undefined || q.maxScore !== undefined) && q.metric === undefined) {
        throw new ApiError(400, 'invalid_request', 'minScore and maxScore need metric, the metric they apply to.', { field: 'querystring.metric' });
      }
      if (filters.length) {
        const runId = await resolveVisibleRun(ctx, request, request.params.run);
        const page = await ctx.db.runs.listItems(runId, {
          status: q.status?.length ? q.status : undefined,
          metric: q.metric,
          minScore: q.minScore,
          maxScore: q.maxScore,
          text: q.text,
          itemIds: q.itemId,
          sort: q.sort?.field,
          direction: q.sort?.direction,
          limit: q.limit,
          cursor: q.cursor,
        });
        return { items: page.items.map(itemJson), total: page.total, nextCursor: page.nextCursor, explanation: cutSecrets(describeFilters(q)), warnings: [] };
      }
      const page = await ctx.search.searchItems(request.params.run, q.q ?? '', {
        limit: q.limit,
        cursor: q.cursor,
        projectIds: scopeProjectIds(request.principal),
      });
      return {
        items: page.items.map(itemJson),
        total: page.total,
        nextCursor: page.nextCursor,
        explanation: cutSecrets(page.explanation),
        warnings: page.warnings.map(cutSecrets),
      };
    },
  );
};
