import type { ExecutedRun, ExecutionRequest, MetricStats, RunExecutor, RunSummary, TimingStats } from '@llm-eval/evaluator';
import { itemsOfRun, type Database, type RunMetricRecord } from '@llm-eval/storage';
import { openSharedDatabase, requireSharedDatabaseUrl } from './distributed-database';
import { QueueError } from './errors';
import type { QueueConnection } from './queue-connection';
import { parseQueueUrl } from './queue-url';
import type { TaskReference } from './run-spec';
import { submitRun } from './submit-run';

/** Where queueExecutor sends runs and what each worker loads. */
export interface QueueExecutorOptions {
  queue: QueueConnection;
  /** The task each worker imports (an absolute path or a package name, and the export). */
  task: TaskReference;
  /** Metric modules each worker loads before resolving the metric names (absolute paths or package specifiers). */
  metricFiles?: string[];
  /** Most items of one run waiting in Redis at once (default 1,000). */
  maxQueuedItems?: number;
}

/**
 * An executor for the Evaluator's `config.executor`: `evaluator.run()` then submits the run to the queue, waits
 * until the workers have finished it (progress events as `{ type: 'progress' }`), and answers with the run's summary
 * read back from PostgreSQL. Cancelling the run's signal cancels it on every worker.
 */
export function queueExecutor(options: QueueExecutorOptions): RunExecutor {
  const { redacted } = parseQueueUrl(options.queue?.url, 'queueExecutor queue.url');
  if (!options.task?.module) throw new QueueError('queueExecutor needs task.module: the path or package each worker imports the task from.');
  return {
    description: `queue (${redacted})`,
    execute: (request) => executeOnQueue(options, request),
  };
}

async function executeOnQueue(options: QueueExecutorOptions, request: ExecutionRequest): Promise<ExecutedRun> {
  // Refuses SQLite before anything reaches Redis.
  const databaseUrl = requireSharedDatabaseUrl(request.databaseUrl, request.databaseUrlSource);
  const submitted = await submitRun({
    queue: options.queue,
    databaseUrl,
    databaseUrlSource: request.databaseUrlSource,
    task: options.task,
    metrics: request.metricNames,
    metricFiles: options.metricFiles,
    dataset: request.dataset,
    datasetName: request.datasetName,
    maxQueuedItems: options.maxQueuedItems,
    config: { ...request.itemConfig, requestsPerSecond: request.requestsPerSecond },
    run: { ...request.run },
    audit: request.audit,
    signal: request.signal,
    onProgress: (p) => request.onProgress({ done: p.done, succeeded: p.done - p.failed, total: p.total }),
    onWarning: request.onWarning ? (warning) => request.onWarning!(warning) : undefined,
  });
  request.onStarted({ runId: submitted.runId, total: undefined });
  let final: Awaited<ReturnType<typeof submitted.done>>;
  try {
    final = await submitted.done();
  } finally {
    await submitted.close();
  }
  const db = await openSharedDatabase(databaseUrl, request.databaseUrlSource);
  try {
    // The workers count the values they cut in Redis; the database does not keep the count.
    return { ...(await storedRunSummary(db, submitted.runId, final.status as ExecutedRun['status'])), valuesCut: final.valuesCut };
  } finally {
    await db.close();
  }
}

/** A stored run as the summary an EvaluationResult shows. @internal */
export async function storedRunSummary(db: Database, runId: string, status: ExecutedRun['status']): Promise<ExecutedRun> {
  const run = await db.runs.requireRun(runId);
  const metricStats: Record<string, MetricStats> = {};
  for (const name of run.metricsUsed ?? []) {
    const record = run.metrics.find((m) => m.metricName === name);
    metricStats[name] = metricStatsOfRecord(record);
  }
  const summary: RunSummary = {
    totalItems: run.totalItems,
    successfulItems: run.successfulItems,
    metricStats,
    timing: await timingOf(db, runId),
    usage: { tokens: run.totalTokens, cost: run.totalCost },
  };
  const startTime = run.startedAt ?? run.createdAt;
  return { runId, datasetName: run.datasetName ?? '', status, startTime, endTime: run.completedAt ?? new Date(), summary };
}

function metricStatsOfRecord(record: RunMetricRecord | undefined): MetricStats {
  const count = record?.successfulEvaluations ?? 0;
  const errors = record?.failedEvaluations ?? 0;
  return {
    mean: record?.mean ?? null,
    std: record?.stdDev ?? null,
    min: record?.min ?? null,
    max: record?.max ?? null,
    median: record?.median ?? null,
    percentiles: record?.percentiles ?? null,
    count,
    errors,
    successRate: count + errors === 0 ? 0 : count / (count + errors),
  };
}

/**
 * Response-time statistics over the stored items, computed in PostgreSQL (distributed runs are only ever there):
 * percentile_cont is the same linear interpolation @llm-eval/stats uses, so median and p95 equal a local run's.
 */
async function timingOf(db: Database, runId: string): Promise<TimingStats> {
  const [found] = (await db.dataSource.query(
    `SELECT count("response_time")::int AS n, avg("response_time") AS mean, min("response_time") AS min, max("response_time") AS max, ` +
      `percentile_cont(0.5) WITHIN GROUP (ORDER BY "response_time") AS median, percentile_cont(0.95) WITHIN GROUP (ORDER BY "response_time") AS p95, ` +
      `coalesce(sum("response_time"), 0) AS total FROM "evaluation_items" WHERE ${itemsOfRun('$1')}`,
    [runId],
  )) as Array<{ n: number; mean: number | null; min: number | null; max: number | null; median: number | null; p95: number | null; total: number }>;
  const row = found ?? { n: 0, mean: null, min: null, max: null, median: null, p95: null, total: 0 };
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return { mean: num(row.mean), median: num(row.median), min: num(row.min), max: num(row.max), p95: num(row.p95), totalSeconds: Number(row.total) };
}
