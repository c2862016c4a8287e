import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import { checkHealth, type HealthReport } from '@llm-eval/storage';
import type { RouteModule, ServerContext } from '../context';
import { databaseErrorLog, databaseFailure, databasePassword } from '../database-failure';
import { DATABASE_BUSY, DATABASE_UNAVAILABLE } from '../errors';
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
    error: z
      .string()
      .optional()
      .describe('why the database is not usable: unavailable, busy, migrations pending, or a failed check (the details are in the server log)'),
  })
  .meta({ id: 'HealthReport' });

/**
 * A 503 of /health: the report of a database that is not usable, or the error of a request refused before the check
 * (with authentication on, the token is looked up first, and a database that is down or busy answers that lookup with
 * database_unavailable or database_busy; with the report's schema alone, that error failed serialisation as a 500).
 */
const healthUnavailable = z
  .union([healthReport, errorResponse])
  .describe('the health report of a database that is not usable, or an error of a request refused before the check')
  .meta({ id: 'HealthUnavailable' });

/** What the report says when a check of the database failed in another way than being unreachable or busy. */
const HEALTH_CHECK_FAILED = 'The database health check failed. The server log has the details.';
/** checkHealth's own words for a schema that is behind (no database text in them). */
const MIGRATIONS_PENDING = /^\d+ migration\(s\) pending; run `llm-eval db init`\.$/;

/**
 * The database's report of checkHealth, with an `error` a client may see: the driver's message (it can name the
 * database, its host, user and tables) is logged and replaced by what it means, as error responses say it
 * (database unavailable or busy), or by a generic failed check.
 */
async function safeHealthReport(ctx: ServerContext, log: FastifyBaseLogger): Promise<HealthReport> {
  const report = await checkHealth({ dataSource: ctx.db.dataSource, config: ctx.db.config });
  // The error that ended the check, as thrown (checkHealth keeps it beside the report, never serialised).
  const failures = report.failure === undefined ? [] : [report.failure];
  if (report.error === undefined || (failures.length === 0 && MIGRATIONS_PENDING.test(report.error))) return report;
  const kinds = failures.map(databaseFailure);
  const error =
    kinds.includes('unavailable') || (failures.length === 0 && !report.reachable)
      ? DATABASE_UNAVAILABLE
      : kinds.includes('busy')
        ? DATABASE_BUSY
        : HEALTH_CHECK_FAILED;
  // Logged as error responses log theirs (a 503 at level error); checkHealth's own message, when no error was seen,
  // is without the password.
  const detail = failures.length === 0 ? [{ message: report.error }] : databaseErrorLog(failures[0], [databasePassword(ctx.db.config)]);
  log.error({ err: detail, reachable: report.reachable }, 'health check: the database is not usable');
  return { ...report, error };
}

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
          'newest run describe every project, so they are left out (rowCounts {}, sizeBytes and latestRun null). ' +
          'When the database is not usable, `error` says so in general terms (unavailable, busy, migrations pending); ' +
          "the database's own message is in the server log only. A 503 that comes before the check (with authentication " +
          'on, the API token could not be looked up) has the error shape instead: { error: { code, message, details } }.',
        response: { 200: healthReport, 401: errorResponse, 429: errorResponse, 503: healthUnavailable },
      },
    },
    async (request, reply) => {
      const report = await safeHealthReport(ctx, request.log);
      const latestRun = report.latestRun ? { ...report.latestRun, createdAt: new Date(report.latestRun.createdAt).toISOString() } : null;
      const whole = request.principal.projects === '*';
      return reply
        .status(report.ok ? 200 : 503)
        .send({ ...report, latestRun: whole ? latestRun : null, ...(whole ? {} : { rowCounts: {}, sizeBytes: null }) });
    },
  );
};
