import { z } from 'zod';
import { checkHealth } from '@llm-eval/storage';
import type { RouteModule } from '../context';

const healthReport = z
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
        response: { 200: healthReport, 503: healthReport },
      },
    },
    async (_request, reply) => {
      const report = await checkHealth({ dataSource: ctx.db.dataSource, config: ctx.db.config });
      const latestRun = report.latestRun ? { ...report.latestRun, createdAt: new Date(report.latestRun.createdAt).toISOString() } : null;
      return reply.status(report.ok ? 200 : 503).send({ ...report, latestRun });
    },
  );
};
