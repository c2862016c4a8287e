import { z } from 'zod';
import { knownDurationSeconds, RUN_STATES, type RunMetricRecord, type RunRecord, type RunWithMetrics } from '@llm-eval/storage';
import { isoOrNull } from './json-dates';
import { RUN_DURATION_DESCRIPTION } from './run-duration';

const nullableString = z.string().nullable();
const jsonObject = z.record(z.string(), z.unknown());

/** A run, with the field names of `llm-eval runs show --json`. */
export const runSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: nullableString,
    status: z.enum(RUN_STATES).describe('running = its writer is alive; abandoned = its writer is gone (llm-eval runs recover)'),
    projectId: nullableString,
    datasetName: nullableString,
    modelName: nullableString,
    modelVersion: nullableString,
    taskType: nullableString,
    metricsUsed: z.array(z.string()),
    metricConfigs: jsonObject.nullable(),
    config: jsonObject.nullable(),
    environment: jsonObject.nullable(),
    tags: z.array(z.string()),
    createdBy: nullableString,
    createdAt: z.string(),
    updatedAt: z.string(),
    startedAt: nullableString,
    completedAt: nullableString,
    durationSeconds: z.number().nullable().describe(RUN_DURATION_DESCRIPTION),
    totalItems: z.number(),
    successfulItems: z.number(),
    failedItems: z.number(),
    successRate: z.number(),
    avgResponseTime: z.number().nullable(),
    minResponseTime: z.number().nullable(),
    maxResponseTime: z.number().nullable(),
    totalTokens: z.number(),
    totalCost: z.number(),
    writerHost: nullableString,
    writerPid: z.number().nullable(),
    heartbeatAt: nullableString,
    statusReason: nullableString,
  })
  .meta({ id: 'Run' });

/** Statistics of one metric of a run. */
export const runMetricSchema = z
  .object({
    runId: z.string(),
    metricName: z.string(),
    metricType: z.string(),
    mean: z.number().nullable(),
    median: z.number().nullable(),
    stdDev: z.number().nullable(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    percentiles: jsonObject.nullable(),
    histogram: jsonObject.nullable(),
    totalEvaluated: z.number(),
    successfulEvaluations: z.number(),
    failedEvaluations: z.number(),
    computedAt: z.string(),
  })
  .meta({ id: 'RunMetric' });

/** A run with its metric statistics. */
export const runWithMetricsSchema = runSchema.extend({ metrics: z.array(runMetricSchema) }).meta({ id: 'RunWithMetrics' });

export type RunJson = z.infer<typeof runSchema>;
export type RunMetricJson = z.infer<typeof runMetricSchema>;
export type RunWithMetricsJson = z.infer<typeof runWithMetricsSchema>;

/**
 * A stored run as the API sends it. Its stored durationSeconds is the column's default 0 for a run whose duration
 * nobody measured: sent as null there (as the CLI's --json prints it), where a run that took 0 s says 0.
 */
export function runJson(run: RunRecord): RunJson {
  return {
    ...run,
    durationSeconds: knownDurationSeconds(run),
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    startedAt: isoOrNull(run.startedAt),
    completedAt: isoOrNull(run.completedAt),
    heartbeatAt: isoOrNull(run.heartbeatAt),
  } as RunJson;
}

/** One metric's statistics as the API sends them. */
export function runMetricJson(metric: RunMetricRecord): RunMetricJson {
  return { ...metric, computedAt: metric.computedAt.toISOString() } as RunMetricJson;
}

/** A run with its metrics as the API sends it. */
export function runWithMetricsJson(run: RunWithMetrics): RunWithMetricsJson {
  return { ...runJson(run), metrics: run.metrics.map(runMetricJson) };
}
