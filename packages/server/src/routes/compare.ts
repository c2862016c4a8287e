import { openComparison } from '@llm-eval/search';
import type { RunWithMetrics } from '@llm-eval/storage';
import type { RouteModule, ServerContext } from '../context';
import { ApiError } from '../errors';
import { resolveVisibleRun } from '../auth/visible-runs';
import { errorResponses } from '../schemas/common';
import { compareQuery, comparisonJson, comparisonSchema, listOffsets, listRanges, type CompareQuery } from '../schemas/compare';

/**
 * The comparison is computed (and cached) with every changed item listed, whatever page is asked for: the cache
 * key includes the item limit, so one entry with whole lists serves every page and page size. The entry's lists
 * are stored in chunks apart from its summary, so a page reads the summary and only the chunks it overlaps.
 */
const EVERY_ITEM = 2 ** 31 - 1;

/** GET /api/v1/compare: `llm-eval runs compare --json` over HTTP, served from the comparison cache, item lists paged. */
export const compareRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/compare',
    {
      schema: {
        tags: ['compare'],
        summary: 'Compare run B with run A: paired tests, verdicts and changed items (paged), from the comparison cache',
        description:
          'Deltas are B − A. A metric is improved/regressed only when its test (McNemar for pass/fail, Wilcoxon ' +
          "signed-rank otherwise) is significant after Holm's correction AND its t interval clears minEffect; with too " +
          'few pairs it is insufficient_data. The same request again is served from the stored comparison ' +
          '(fromCache: true) until either run changes. Each item list has its own page: follow ' +
          'items.pages.<list>.nextCursor with <list>Cursor.',
        querystring: compareQuery,
        response: { 200: comparisonSchema, ...errorResponses(400, 401, 404, 409, 429, 503) },
      },
    },
    async (request) => {
      const query = request.query;
      // Both runs resolved within the caller's scope: the stored comparison is reached only through two visible runs.
      const [a, b] = await Promise.all([resolveVisibleRun(ctx, request, query.a), resolveVisibleRun(ctx, request, query.b)]);
      const metrics = query.metrics?.length ? [...new Set(query.metrics)] : undefined;
      if (metrics || query.primaryMetric !== undefined) await checkMetrics(ctx, a, b, metrics, query);
      const comparison = await openComparison(ctx.db.dataSource, a, b, {
        metrics,
        confidence: query.confidence,
        minEffect: query.minEffect,
        lowerIsBetter: query.lowerIsBetter?.length ? [...new Set(query.lowerIsBetter)] : undefined,
        primaryMetric: query.primaryMetric,
        itemLimit: EVERY_ITEM,
      });
      // Cursors are checked against the comparison before any list is read.
      const offsets = listOffsets(query, comparison.result);
      const pages = query.itemsLimit > 0 ? await comparison.read(listRanges(offsets, query.itemsLimit)) : {};
      return comparisonJson(comparison.result, offsets, query.itemsLimit, pages, comparison.lengths);
    },
  );
};

/** Metrics neither run has would compare nothing (every one insufficient_data): a typo, answered with what there is. */
async function checkMetrics(ctx: ServerContext, a: string, b: string, metrics: string[] | undefined, query: CompareQuery): Promise<void> {
  if (a === b) return; // compareRuns says what is wrong with that
  const [runA, runB] = await Promise.all([ctx.db.runs.requireRun(a), ctx.db.runs.requireRun(b)]);
  const known = new Set([...metricsOf(runA), ...metricsOf(runB)]);
  const list = [...known].sort().join(', ') || 'none';
  const unknown = (metrics ?? []).filter((m) => !known.has(m));
  if (unknown.length) {
    throw new ApiError(400, 'invalid_request', `Neither run has the metric${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; they have: ${list}.`, {
      field: 'metrics',
    });
  }
  const compared = metrics ?? [...known];
  if (query.primaryMetric !== undefined && !compared.includes(query.primaryMetric)) {
    throw new ApiError(
      400,
      'invalid_request',
      `primaryMetric ${query.primaryMetric} is not one of the compared metrics (${compared.join(', ') || 'none'}).`,
      { field: 'primaryMetric' },
    );
  }
}

function metricsOf(run: RunWithMetrics): string[] {
  return [...run.metricsUsed, ...run.metrics.map((m) => m.metricName)];
}
