import { ConfigError } from '../errors';
import type { DatasetSource } from '../dataset/prepare-dataset';
import { EvaluationResult } from '../result/evaluation-result';
import { MAX_STORED_TEXT, storedPrefix } from '../storage/storage-limits';
import { DEFAULT_MAX_RETRY_AFTER_MS, type resolveConfig } from './evaluator-config';
import type { ProgressEvent } from './progress';
import type { RunExecutor } from './run-executor';

type ResolvedConfig = ReturnType<typeof resolveConfig>;

/** What the Evaluator passes on to runWithExecutor. @internal */
export interface ExecutorRun {
  executor: RunExecutor;
  config: ResolvedConfig;
  dataset: DatasetSource;
  metrics: readonly unknown[];
  signal: AbortSignal | undefined;
  emit(event: ProgressEvent): void;
  onRunId(runId: string): void;
}

/** The metric names an executor's workers resolve; a metric given as a function cannot travel to them. */
function metricNamesOf(metrics: readonly unknown[]): string[] {
  return metrics.map((metric, i) => {
    if (typeof metric === 'string') return metric;
    throw new ConfigError(
      `metrics[${i}] is a ${typeof metric === 'function' ? 'function' : 'metric object'}, but with config.executor each worker resolves ` +
        'the metrics by name: give built-in names, or register your metrics in a module the workers load (the ' +
        "executor's metricFiles) and give their names.",
    );
  });
}

/** Runs the evaluation through config.executor and builds the result from the summary it reads back. @internal */
export async function runWithExecutor(run: ExecutorRun): Promise<EvaluationResult> {
  const { executor, config, emit } = run;
  if (!config.storeRuns) throw new ConfigError('config.storeRuns: false cannot be used with config.executor: a run on other processes is stored as it goes (in PostgreSQL).');
  if (config.keepItems) {
    throw new ConfigError(
      'config.keepItems: true cannot be used with config.executor: the items are run and stored by other processes, never held here. ' +
        'Leave keepItems out, and read the items from the database (runId).',
    );
  }
  if (config.retryOn) throw new ConfigError('config.retryOn cannot be used with config.executor: a function cannot travel to the workers (they retry RetryableError and errors with retryable: true).');
  const metricNames = metricNamesOf(run.metrics);
  const runName = config.runName ?? `${config.datasetName ?? 'dataset'}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const started = performance.now();
  let total: number | undefined;
  let runId: string | undefined;
  const executed = await executor.execute({
    dataset: run.dataset,
    datasetName: config.datasetName,
    metricNames,
    run: {
      name: storedPrefix(runName, MAX_STORED_TEXT),
      description: config.description,
      projectId: config.projectId,
      createdBy: config.createdBy,
      tags: config.tags,
      modelName: config.modelName,
      modelVersion: config.modelVersion,
      taskType: config.taskType,
      runConfig: config.runConfig,
    },
    databaseUrl: config.databaseUrl,
    databaseUrlSource: config.databaseUrlSource,
    audit: config.audit,
    itemConfig: {
      timeoutMs: config.timeoutMs,
      metricTimeoutMs: config.metricTimeoutMs,
      maxValueChars: config.maxValueChars,
      retries: config.retries,
      retryBaseDelayMs: config.retryBaseDelayMs,
      retryMaxDelayMs: config.retryMaxDelayMs,
      // Only when changed: each worker defaults to the same limit, and the stored run's config stays as before.
      ...(config.maxRetryAfterMs !== DEFAULT_MAX_RETRY_AFTER_MS && { maxRetryAfterMs: config.maxRetryAfterMs }),
    },
    requestsPerSecond: config.requestsPerSecond,
    signal: run.signal,
    onStarted(startedRun) {
      runId = startedRun.runId;
      total = startedRun.total;
      run.onRunId(startedRun.runId);
      emit({ type: 'started', runName, total, runId });
    },
    onWarning(warning) {
      emit({ type: 'warning', warning });
    },
    onProgress(counts) {
      const elapsedSeconds = (performance.now() - started) / 1000;
      const failed = counts.done - counts.succeeded;
      emit({
        type: 'progress',
        done: counts.done,
        succeeded: counts.succeeded,
        failed,
        total: counts.total ?? total,
        successRate: counts.done ? counts.succeeded / counts.done : 0,
        ratePerSecond: elapsedSeconds > 0 ? counts.done / elapsedSeconds : 0,
        elapsedSeconds,
      });
    },
  });
  if (runId === undefined) run.onRunId(executed.runId);
  const result = new EvaluationResult({
    runName,
    datasetName: executed.datasetName,
    modelName: config.modelName,
    status: executed.status,
    startTime: executed.startTime,
    endTime: executed.endTime,
    metricNames,
    items: [],
    summary: executed.summary,
    runId: executed.runId,
    storedItems: executed.summary.totalItems,
    valuesCut: executed.valuesCut,
    projectId: config.projectId,
    tags: config.tags,
    createdBy: config.createdBy,
    description: config.description,
    modelVersion: config.modelVersion,
    taskType: config.taskType,
  });
  emit({ type: 'completed', result });
  return result;
}
