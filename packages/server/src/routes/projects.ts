import { In } from 'typeorm';
import { Project } from '@llm-eval/models';
import { RUN_STATES, type Database } from '@llm-eval/storage';
import type { RouteModule } from '../context';
import { ApiError } from '../errors';
import { scopeProjectIds, type Principal } from '../auth/principal';
import { visibleProject } from '../auth/visible-project';
import { errorResponses } from '../schemas/common';
import { runJson } from '../schemas/run';
import {
  latestRunJson,
  projectDetailSchema,
  projectJson,
  projectListSchema,
  projectParams,
  type ProjectDetailJson,
  type ProjectSummaryJson,
} from '../schemas/project';

// What `llm-eval projects list/show --json` print. The CLI computes them in its command files (summarizeProjects,
// loadProject) with raw SQL; the server cannot depend on the CLI, so these are a thin reimplementation over storage's
// listRuns (which also tells running from abandoned runs, as `runs list` does) and the Project entity.

/** How many completed runs recentSuccessRates covers. */
const TREND_RUNS = 10;

/** Every project the principal sees with its run count, newest run and recent success rates, newest activity first. */
async function summarizeProjects(db: Database, principal: Principal): Promise<ProjectSummaryJson[]> {
  const scope = scopeProjectIds(principal);
  const projects =
    scope === undefined
      ? await db.dataSource.getRepository(Project).find({ order: { id: 'ASC' } })
      : scope.length === 0
        ? []
        : await db.dataSource.getRepository(Project).find({ where: { id: In(scope) }, order: { id: 'ASC' } });
  const summaries = await Promise.all(
    projects.map(async (p) => {
      const [all, completed] = await Promise.all([
        db.runs.listRuns({ projectId: p.id, limit: 1 }),
        // A success-rate filter leaves out runs without items, which have no success rate (the trend skips them).
        db.runs.listRuns({ projectId: p.id, status: 'completed', minSuccessRate: 0, limit: TREND_RUNS }),
      ]);
      const latest = all.runs[0];
      return {
        activity: (latest?.createdAt ?? p.createdAt).getTime(),
        summary: {
          id: p.id,
          name: p.name,
          description: p.description,
          createdAt: p.createdAt.toISOString(),
          runs: all.total,
          latestRun: latest ? latestRunJson(latest) : null,
          recentSuccessRates: completed.runs.map((r) => r.successRate).reverse(),
        },
      };
    }),
  );
  return summaries.sort((a, b) => b.activity - a.activity || (a.summary.id < b.summary.id ? -1 : 1)).map((s) => s.summary);
}

/** A project's details, run counts per status, datasets, models and 10 newest runs. */
async function loadProject(db: Database, id: string, principal: Principal): Promise<ProjectDetailJson> {
  const project = await visibleProject(db, principal, id);
  if (!project) throw new ApiError(404, 'not_found', `Project ${id} does not exist; GET /api/v1/projects lists the projects.`, { project: id });
  const [latest, counts, datasets, models] = await Promise.all([
    db.runs.listRuns({ projectId: id, limit: 10 }),
    Promise.all(RUN_STATES.map(async (status) => [status, (await db.runs.listRuns({ projectId: id, status, limit: 1 })).total] as const)),
    // Decoded by storage: a raw GROUP BY here returned a NUL in its stored form ("nul\uFDD00000here").
    db.runs.countRunsByName(id, 'datasetName'),
    db.runs.countRunsByName(id, 'modelName'),
  ]);
  return {
    project: projectJson(project),
    runCounts: { total: latest.total, ...Object.fromEntries(counts) } as ProjectDetailJson['runCounts'],
    datasets,
    models,
    latestRuns: latest.runs.map(runJson),
  };
}

/** GET /projects and GET /projects/:project: what `llm-eval projects list --json` and `projects show --json` print. */
export const projectsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Projects with their run counts, newest run and recent success rates, newest activity first',
        response: { 200: projectListSchema, ...errorResponses(401, 429, 503) },
      },
    },
    async (request) => ({ projects: await summarizeProjects(ctx.db, request.principal) }),
  );

  app.get(
    '/projects/:project',
    {
      schema: {
        tags: ['projects'],
        summary: "A project's details, run counts per status, datasets, models and 10 newest runs",
        params: projectParams,
        response: { 200: projectDetailSchema, ...errorResponses(400, 401, 404, 429, 503) },
      },
    },
    async (request) => loadProject(ctx.db, request.params.project, request.principal),
  );
};
