import { z } from 'zod';
import { checkHealth } from '@llm-eval/storage';
import type { RouteModule } from '../context';
import { errorResponse } from '../schemas/common';

export const healthReport = z
  .object({
    ok: z.boolean(),
    backend: z.enum(['sqlite', 'postgres', 'unknown']),
    url: z.string().describe('the database URL without its password'),
    reachable: z.boolean(),
    latencyMs: z.number().nullable(),
    schemaVersion: z.string().nullable(),
    appliedMigrations: z.array(z.string()),
    pendingMigrations: z.array(z.string()),
    rowCounts: z.record(z.string(), z.number()),
    sizeBytes: z.number().nullable(),
    latestRun: z.object({ id: z.string(), name: z.string(), status: z.string(), createdAt: z.string() }).nullable(),
    error: z.string().optional(),
  })
  .meta({ id: 'HealthReport' });

/** GET /api/v1/health: the database report of `llm-eval db health`; 503 when the database is not usable. */
export const healthRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Database health: reachability, schema version, row counts',
        description:
          'A caller scoped to some projects gets the reachability and schema report only: row counts, size and the ' +
          'newest run describe every project, so they are left out (rowCounts {}, sizeBytes and latestRun null).',
        response: { 200: healthReport, 401: errorResponse, 429: errorResponse, 503: healthReport },
      },
    },
    async (request, reply) => {
      const report = await checkHealth({ dataSource: ctx.db.dataSource, config: ctx.db.config });
      const latestRun = report.latestRun ? { ...report.latestRun, createdAt: new Date(report.latestRun.createdAt).toISOString() } : null;
      const whole = request.principal.projects === '*';
      return reply
        .status(report.ok ? 200 : 503)
        .send({ ...report, latestRun: whole ? latestRun : null, ...(whole ? {} : { rowCounts: {}, sizeBytes: null }) });
    },
  );
};
