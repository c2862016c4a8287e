import type { RouteModule } from '../context';
import { errorResponses } from '../schemas/common';
import { scopeProjectIds } from '../auth/principal';
import { trendPointJson, trendQuery, trendSchema } from '../schemas/trend';
import { cutSecrets } from '../auth/cut-secrets';

/** GET /trends: a metric's mean over completed runs per day or week, as `llm-eval runs trend --json` prints it. */
export const trendsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/trends',
    {
      schema: {
        tags: ['trends'],
        summary: "A metric's mean over completed runs per day or week of a time zone (success_rate works too)",
        querystring: trendQuery,
        response: { 200: trendSchema, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      const bucket = q.bucket ?? 'day';
      const projectIds = scopeProjectIds(request.principal);
      const points = await ctx.search.getMetricTrend({
        metric: q.metric,
        projectId: q.project,
        projectIds,
        datasetName: q.dataset,
        modelName: q.model,
        since: q.since,
        bucket,
        // Validated by the schema (an unknown zone is a 400 naming it); search buckets the days of this zone.
        timeZone: q.timeZone ?? 'UTC',
      });
      // Only an empty trend can be a misspelt metric's; the vocabulary is the caller's access scope, so a warning never
      // names a metric of a project the caller cannot read.
      const warnings = points.length === 0 ? await ctx.search.trendMetricWarnings(q.metric, projectIds) : [];
      // The metric is the request's, and the warning quotes it: a token pasted into it is cut to its prefix, as in errors.
      return {
        metric: cutSecrets(q.metric),
        bucket,
        timeZone: q.timeZone ?? 'UTC',
        since: q.since.toISOString(),
        points: points.map(trendPointJson),
        warnings: warnings.map(cutSecrets),
      };
    },
  );
};
