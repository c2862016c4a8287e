import { ConfigError } from '../errors';
import { prepareDataset, type DatasetSource } from '../dataset/prepare-dataset';
import { resolveMetrics, type MetricSpec } from '../metrics/registry';
import { EvaluationResult } from '../result/evaluation-result';
import type { RunRecorder } from '../storage/run-recorder';
import type { EvaluatorMetric, Task, TaskOutput } from '../types';
import { resolveConfig, type EvaluatorConfig } from './evaluator-config';
import type { ItemResult } from './item-result';
import type { ProgressEvent, ProgressListener } from './progress';
import { RateLimiter } from './rate-limiter';
import { defaultIsRetryable, runItem, type ItemSettings } from './run-item';
import { RunCancellation } from './run-cancellation';
import { runPool } from './run-pool';

/**
 * What the Evaluator is built from, typed by the task's input `I` and result `O` and the dataset's expected values
 * `E`: the dataset's items must have inputs the task accepts, and metrics see the task's output (unwrapped from
 * withUsage) and the dataset's expected values.
 */
export interface EvaluatorOptions<I = unknown, O = unknown, E = unknown> {
  task: Task<I, O, E>;
  dataset: DatasetSource<I, E>;
  metrics: readonly EvaluatorMetric<I, TaskOutput<O>, E>[];
  config?: EvaluatorConfig;
}

/** Options of a single run. */
export interface RunOptions {
  /** Cancels the run: in-flight tasks are aborted, and the run is stored as cancelled with the items finished so far. */
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * Runs a task over a dataset, scores every item with the metrics, and (by default) stores the run as it goes.
 * Generic over the task's input, its result and the expected values, inferred from the options.
 */
export class Evaluator<I = unknown, O = unknown, E = unknown> {
  /** The stored run's id once run() has started; undefined with storeRuns: false. */
  databaseRunId: string | undefined;
  private readonly options: EvaluatorOptions<I, O, E>;

  constructor(options: EvaluatorOptions<I, O, E>) {
    const task = options?.task as unknown;
    if (typeof task !== 'function' && typeof (task as { invoke?: unknown } | null)?.invoke !== 'function') {
      throw new ConfigError('task must be a function (input, context) => output, or an object with invoke(input).');
    }
    this.options = options;
  }

  /** Runs the evaluation. Rejects only when the evaluator itself breaks (e.g. the dataset stream fails). */
  async run(runOptions: RunOptions = {}): Promise<EvaluationResult> {
    const config = resolveConfig(this.options.config);
    // Inside, items and outputs are unknown: the types were checked where the options were written.
    const metrics = resolveMetrics((this.options.metrics ?? []) as readonly MetricSpec[]);
    const dataset = await prepareDataset(this.options.dataset as DatasetSource, config.datasetName);
    const listeners = [config.onProgress, runOptions.onProgress].filter((l): l is ProgressListener => !!l);
    const emit = (event: ProgressEvent) => listeners.forEach((listener) => listener(event));
    const runName = config.runName ?? `${dataset.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const createdAt = new Date();

    let recorder: RunRecorder | undefined;
    let storageError: Error | undefined;
    if (config.storeRuns) {
      try {
        const { RunRecorder } = await import('../storage/run-recorder');
        recorder = await RunRecorder.start({
          databaseUrl: config.databaseUrl,
          databaseUrlSource: config.databaseUrlSource,
          batchSize: config.storageBatchSize,
          flushIntervalMs: config.storageFlushIntervalMs,
          run: {
            name: runName.slice(0, 255),
            description: config.description ?? null,
            status: 'running',
            projectId: config.projectId ?? null,
            datasetName: dataset.name,
            modelName: config.modelName ?? null,
            modelVersion: config.modelVersion ?? null,
            taskType: config.taskType ?? null,
            metricsUsed: metrics.map((m) => m.name),
            config: {
              ...config.runConfig,
              maxConcurrency: config.maxConcurrency,
              timeoutMs: config.timeoutMs,
              retries: config.retries,
            },
            environment: { node: process.version, platform: process.platform },
            tags: config.tags ?? [],
            createdBy: config.createdBy ?? null,
            createdAt,
            startedAt: createdAt,
            totalItems: 0,
          },
        });
        this.databaseRunId = recorder.runId;
      } catch (error) {
        storageError = error as Error;
        process.emitWarning(`llm-eval: the run will not be stored: ${(error as Error).message}`, 'LlmEvalStorageWarning');
        emit({ type: 'storage-error', error: error as Error });
      }
    }
    emit({ type: 'started', runName, total: dataset.size, runId: recorder?.runId });
    // The run's clock starts here, after the database opened: run time measures the evaluation, not storage start-up.
    const poolStart = new Date();
    const started = performance.now();

    const settings: ItemSettings = {
      task: this.options.task as Task,
      metrics,
      timeoutMs: config.timeoutMs,
      metricTimeoutMs: config.metricTimeoutMs,
      maxValueChars: config.maxValueChars,
      retries: config.retries,
      retryBaseDelayMs: config.retryBaseDelayMs,
      retryMaxDelayMs: config.retryMaxDelayMs,
      isRetryable: config.retryOn ?? defaultIsRetryable,
      rateLimiter: config.requestsPerSecond ? new RateLimiter(config.requestsPerSecond) : undefined,
      cancellation: new RunCancellation(runOptions.signal),
    };
    const results: ItemResult[] = [];
    let succeeded = 0;
    let reportedStorageError = false;
    const onItem = (item: ItemResult): Promise<void> | undefined => {
      results.push(item);
      if (item.success) succeeded++;
      const backpressure = recorder?.add(item);
      const problem = reportedStorageError ? undefined : recorder?.problem;
      if (problem) {
        reportedStorageError = true;
        process.emitWarning(`llm-eval: ${problem.message}`, 'LlmEvalStorageWarning');
        emit({ type: 'storage-error', error: problem });
      }
      if (listeners.length) {
        const elapsedSeconds = (performance.now() - started) / 1000;
        const done = results.length;
        emit({
          type: 'item',
          item,
          done,
          succeeded,
          failed: done - succeeded,
          total: dataset.size,
          successRate: succeeded / done,
          ratePerSecond: elapsedSeconds > 0 ? done / elapsedSeconds : 0,
          elapsedSeconds,
        });
      }
      return backpressure;
    };

    let failure: unknown;
    try {
      await runPool(
        dataset.items(),
        config.maxConcurrency,
        (item) => runItem(item, settings),
        onItem,
        () => !!runOptions.signal?.aborted,
      );
    } catch (error) {
      failure = error;
    } finally {
      settings.cancellation.dispose();
    }
    const endTime = new Date();
    const startTime = firstItemStart(results, poolStart);
    const status = failure ? 'failed' : runOptions.signal?.aborted ? 'cancelled' : 'completed';
    results.sort((a, b) => a.index - b.index);
    if (recorder) {
      try {
        await recorder.finish({ status, startedAt: startTime, completedAt: endTime, durationSeconds: (endTime.getTime() - startTime.getTime()) / 1000 });
      } catch (error) {
        storageError = error as Error;
        if (!reportedStorageError) {
          process.emitWarning(`llm-eval: ${(error as Error).message}`, 'LlmEvalStorageWarning');
          emit({ type: 'storage-error', error: error as Error });
        }
      }
    }
    const result = new EvaluationResult({
      runName,
      datasetName: dataset.name,
      modelName: config.modelName,
      status,
      startTime,
      endTime,
      metricNames: metrics.map((m) => m.name),
      items: results,
      runId: recorder?.runId,
      storageError,
      storedItems: recorder ? recorder.storedItems : config.storeRuns ? 0 : undefined,
      projectId: config.projectId,
      tags: config.tags,
      createdBy: config.createdBy,
      description: config.description,
      modelVersion: config.modelVersion,
      taskType: config.taskType,
    });
    if (failure) {
      (failure as { result?: EvaluationResult }).result = result;
      throw failure;
    }
    emit({ type: 'completed', result });
    return result;
  }
}

/** When the first item started (the run's start), or `fallback` when no item ran. */
function firstItemStart(results: readonly ItemResult[], fallback: Date): Date {
  let first: Date | undefined;
  for (const item of results) if (!first || item.startedAt < first) first = item.startedAt;
  return first ?? fallback;
}
