import { z } from 'zod';
import { RUN_STATES } from '@llm-eval/storage';
import { isoOrNull } from './json-dates';
import { projectIdParam } from './run-list';
import { runSchema } from './run';

/** A project's newest run, in a project summary. */
const latestRunSchema = z.object({ id: z.string(), name: z.string(), status: z.string(), createdAt: z.string() });

/** One project of GET /projects, with the field names of `llm-eval projects list --json`. */
export const projectSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    createdAt: z.string().nullable(),
    runs: z.number().int().describe('how many runs the project holds'),
    latestRun: latestRunSchema.nullable(),
    recentSuccessRates: z.array(z.number()).describe('success rates of the last 10 completed runs, oldest first'),
  })
  .meta({ id: 'ProjectSummary' });

/** GET /projects. */
export const projectListSchema = z.object({ projects: z.array(projectSummarySchema) }).meta({ id: 'ProjectList' });

/** How many runs used a dataset or model. */
const usageSchema = z.object({ name: z.string(), runs: z.number().int() });

/** GET /projects/:project, with the field names of `llm-eval projects show --json`. */
export const projectDetailSchema = z
  .object({
    project: z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      createdBy: z.string().nullable(),
      createdAt: z.string().nullable(),
      updatedAt: z.string().nullable(),
    }),
    runCounts: z
      .object({ total: z.number().int(), ...Object.fromEntries(RUN_STATES.map((s) => [s, z.number().int()])) })
      .describe('runs per status (running = writer alive, abandoned = writer gone) and the total'),
    datasets: z.array(usageSchema).describe('datasets of the project\'s runs, most used first'),
    models: z.array(usageSchema).describe('models of the project\'s runs, most used first'),
    latestRuns: z.array(runSchema).describe('the 10 newest runs'),
  })
  .meta({ id: 'ProjectDetail' });

/** `:project` path parameter. */
export const projectParams = z.object({ project: projectIdParam.describe('project id') });

export type ProjectSummaryJson = z.infer<typeof projectSummarySchema>;
export type ProjectDetailJson = z.infer<typeof projectDetailSchema>;

/** A latest-run reference as the API sends it. */
export function latestRunJson(run: { id: string; name: string; status: string; createdAt: Date }): z.infer<typeof latestRunSchema> {
  return { id: run.id, name: run.name, status: run.status, createdAt: run.createdAt.toISOString() };
}

/** Project row fields as the API sends them. */
export function projectJson(p: { id: string; name: string; description: string | null; createdBy: string | null; createdAt: Date; updatedAt: Date }) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    createdBy: p.createdBy,
    createdAt: isoOrNull(p.createdAt),
    updatedAt: isoOrNull(p.updatedAt),
  };
}
