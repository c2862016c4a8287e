import { ConfigError, InvalidEnvironmentError, InvalidRunDetailsError, RunClosedElsewhereError, StorageWriteError } from '../errors';
import { prepareDataset, type DatasetSource } from '../dataset/prepare-dataset';
import { resolveMetrics, type MetricSpec } from '../metrics/registry';
import { datasetWarnings } from '../dataset/run-warnings';
import { EvaluationResult } from '../result/evaluation-result';
import { RunSummaryAccumulator } from '../result/run-summary';
import type { RunRecorder } from '../storage/run-recorder';
import { MAX_STORED_TEXT, storedPrefix } from '../storage/storage-limits';
import type { EvaluatorMetric, Task, TaskOutput } from '../types';
import { resolveConfig, type EvaluatorConfig } from './evaluator-config';
import type { ItemResult } from './item-result';
import type { ProgressListener } from './progress';
import { progressEmitter } from './progress-emitter';
import { PauseGate, RateLimiter } from './rate-limiter';
import { itemSettings, runItem } from './run-item';
import type { ValueCuts, ValueCutWarning } from './value-cuts';
import type { RetryAfterTooLongWarning } from './retry-after-warning';
import { runPool } from './run-pool';
import { checkRunOptions, type RunOptions } from './run-options';
import { runWithExecutor } from './run-with-executor';
import { refuseUnknownOptions } from './unknown-options';
import { describeThrown } from './safe-value';
import { RunClock } from './run-clock';

export type { RunOptions } from './run-options';

/**
 * What the Evaluator is built from, typed by the task's input `I` and result `O` and the dataset's expected values
 * `E`: the dataset's items must have inputs the task accepts, and metrics see the task's output (unwrapped from
 * withUsage) and the dataset's expected values.
 */
export interface EvaluatorOptions<I = unknown, O = unknown, E = unknown> {
  /** The task; left out when `config.executor` runs the evaluation (its workers load the task themselves). */
  task?: Task<I, O, E>;
  dataset: DatasetSource<I, E>;
  metrics: readonly EvaluatorMetric<I, TaskOutput<O>, E>[];
  config?: EvaluatorConfig;
}

/** A signal that aborts when either does (either may be absent). */
function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

/** What stopped a run, for its stored status reason; never throws (a thrown value may have a throwing getter). */
function failureMessage(failure: unknown): string {
  try {
    return (failure as Error)?.message ?? String(failure);
  } catch {
    return describeThrown(failure);
  }
}

/**
 * Runs a task over a dataset, scores every item with the metrics, and (by default) stores the run as it goes.
 * Generic over the task's input, its result and the expected values, inferred from the options.
 */
export class Evaluator<I = unknown, O = unknown, E = unknown> {
  /** The stored run's id once run() has started; undefined with storeRuns: false. */
  databaseRunId: string | undefined;
  private readonly options: EvaluatorOptions<I, O, E>;
  /** Builds the result of the run in progress so far (see partialResult). */
  private snapshot: (() => EvaluationResult) | undefined;

  constructor(options: EvaluatorOptions<I, O, E>) {
    if (typeof options !== 'object' || options === null) {
      throw new ConfigError('new Evaluator() takes an object { task, dataset, metrics, config? }.');
    }
    refuseUnknownOptions(options, ['task', 'dataset', 'metrics', 'config'], 'new Evaluator()');
    // The config's names and values are checked here, where the mistake is written, not first when run() is called
    // (maybe much later, after a dataset was built); run() checks them again, in case the object was changed since.
    resolveConfig(options.config);
    const task = options.task as unknown;
    if (options?.config?.executor) {
      if (task !== undefined) {
        throw new ConfigError(
          "task cannot be given with config.executor: the executor's workers load the task themselves (e.g. queueExecutor's task.module). Remove task.",
        );
      }
    } else if (typeof task !== 'function' && typeof (task as { invoke?: unknown } | null)?.invoke !== 'function') {
      throw new ConfigError('task must be a function (input, context) => output, or an object with invoke(input).');
    }
    this.options = options;
  }

  /**
   * The run in progress as a result so far, built synchronously: status `failed`, the items finished so far (kept, or
   * summarised with keepItems: false), and `storedItems`, how many of them the database has acknowledged. For a process
   * that must end now (a `process.exit()` in task code) and can only save synchronously what it holds. Undefined when
   * no run() of this Evaluator's own loop is under way.
   */
  partialResult(): EvaluationResult | undefined {
    return this.snapshot?.();
  }

  /** Runs the evaluation. Rejects only when the evaluator itself breaks (e.g. the dataset stream fails). */
  async run(runOptions: RunOptions = {}): Promise<EvaluationResult> {
    const config = resolveConfig(this.options.config);
    checkRunOptions(runOptions);
    // Inside, items and outputs are unknown: the types were checked where the options were written.
    const listeners = [config.onProgress, runOptions.onProgress].filter((l): l is ProgressListener => !!l);
    // A listener's error never reaches the run (see progressEmitter).
    const emit = progressEmitter(listeners);
    if (config.executor) {
      return runWithExecutor({
        executor: config.executor,
        config,
        dataset: this.options.dataset as DatasetSource,
        metrics: this.options.metrics ?? [],
        signal: anySignal(runOptions.signal, runOptions.failSignal),
        emit,
        onRunId: (runId) => (this.databaseRunId = runId),
      });
    }
    const metrics = resolveMetrics((this.options.metrics ?? []) as readonly MetricSpec[]);
    const dataset = await prepareDataset(this.options.dataset as DatasetSource, config.datasetName);
    // Told before the run starts, so a misnamed field ("answer" for "expected") is seen before every item scores 0.
    for (const warning of datasetWarnings(dataset, (this.options.metrics ?? []) as readonly MetricSpec[])) emit({ type: 'warning', warning });
    const runName = config.runName ?? `${dataset.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    // Every time of the run from here on (its items', its start and end) advances with the monotonic clock.
    const clock = new RunClock();
    const createdAt = clock.now();
    // What the run is stored with, and what its result's export carries so that an import restores it.
    const runDetails = {
      config: { ...config.runConfig, maxConcurrency: config.maxConcurrency, timeoutMs: config.timeoutMs, retries: config.retries },
      environment: { node: process.version, platform: process.platform },
    };

    // The run stops when the caller's signal aborts, or when another process closes its stored run (runs cancel, the
    // API, runs recover --force) or deletes it (runs delete --force): the recorder learns that from a refused batch or
    // its heartbeat.
    const stop = new AbortController();
    const forwardAbort = () => stop.abort(runOptions.signal!.reason);
    if (runOptions.signal?.aborted) forwardAbort();
    else runOptions.signal?.addEventListener('abort', forwardAbort, { once: true });
    // The caller stops the run as failed (failSignal): what it gives as the reason becomes the stored status reason.
    let stoppedAsFailed: { reason: unknown } | undefined;
    const forwardFailure = () => {
      stoppedAsFailed ??= { reason: runOptions.failSignal!.reason };
      stop.abort(runOptions.failSignal!.reason);
    };
    const stopListening = () => {
      runOptions.signal?.removeEventListener('abort', forwardAbort);
      runOptions.failSignal?.removeEventListener('abort', forwardFailure);
    };
    if (runOptions.failSignal?.aborted) forwardFailure();
    else runOptions.failSignal?.addEventListener('abort', forwardFailure, { once: true });
    const stopped = stop.signal;
    let closedElsewhere: RunClosedElsewhereError | undefined;

    let recorder: RunRecorder | undefined;
    let storageError: Error | undefined;
    // Cancelled before it started (Ctrl-C while a large dataset was being checked): no item will run, so no run is
    // stored; an empty `cancelled` run would only clutter the list.
    if (config.storeRuns && !stopped.aborted) {
      try {
        const { RunRecorder } = await import('../storage/run-recorder');
        recorder = await RunRecorder.start({
          databaseUrl: config.databaseUrl,
          databaseUrlSource: config.databaseUrlSource,
          batchSize: config.storageBatchSize,
          flushIntervalMs: config.storageFlushIntervalMs,
          itemsKept: config.keepItems,
          audit: config.audit,
          onClosed: (status) => {
            closedElsewhere ??= new RunClosedElsewhereError(this.databaseRunId ?? '', status);
            stop.abort(closedElsewhere);
          },
          // Deleted while it ran (runs delete --force): no item evaluated from now on could be stored, so the run stops
          // as promptly as for a cancel; finish() then reports the storage failure, and the result keeps what ran.
          onDeleted: () => {
            stop.abort(new StorageWriteError(`run ${this.databaseRunId ?? ''} was deleted from the database while this evaluation ran: it stopped.`));
          },
          run: {
            name: storedPrefix(runName, MAX_STORED_TEXT),
            description: config.description ?? null,
            status: 'running',
            projectId: config.projectId ?? null,
            datasetName: dataset.name,
            modelName: config.modelName ?? null,
            modelVersion: config.modelVersion ?? null,
            taskType: config.taskType ?? null,
            metricsUsed: metrics.map((m) => m.name),
            config: runDetails.config,
            environment: runDetails.environment,
            tags: config.tags ?? [],
            createdBy: config.createdBy ?? null,
            createdAt,
            startedAt: createdAt,
            totalItems: 0,
          },
        });
        this.databaseRunId = recorder.runId;
      } catch (error) {
        // Run details the database refuses (a project id that is not a slug, an empty tag, …) are the caller's to fix:
        // refuse the run now, before a single (paid) task call, rather than evaluate what can never be stored.
        if ((error as Error)?.name === 'ValidationError') {
          stopListening();
          const field = (error as { field?: string }).field;
          // An environment variable storage reads (LLM_EVAL_HEARTBEAT_TIMEOUT) is not one of the run's details.
          if (field?.startsWith('LLM_EVAL_')) throw new InvalidEnvironmentError(field, (error as Error).message);
          throw new InvalidRunDetailsError(field, (error as Error).message);
        }
        storageError = error as Error;
        process.emitWarning(`llm-eval: the run will not be stored: ${(error as Error).message}`, 'LlmEvalStorageWarning');
        emit({ type: 'storage-error', error: error as Error });
      }
    }
    // From here on the run is stored as `running`: every exit path below reaches recorder.finish, so no error (an
    // unexpected bug included) can leave it running with a live heartbeat. Whatever throws is the run's failure.
    // The run's clock starts here, after the database opened: run time measures the evaluation, not storage start-up.
    const poolStart = clock.now();
    const results: ItemResult[] = [];
    let summary: RunSummaryAccumulator | undefined;
    let firstStart: Date | undefined;
    let reportedStorageError = false;
    let failed = false;
    let failure: unknown;
    let cuts: ValueCuts | undefined;
    const resultOf = (status: EvaluationResult['status'], endTime: Date, items: ItemResult[]) =>
      new EvaluationResult({
        runName,
        datasetName: dataset.name,
        modelName: config.modelName,
        status,
        // When the first item started (the run's start), or when the pool started if no item ran.
        startTime: firstStart ?? poolStart,
        endTime,
        metricNames: metrics.map((m) => m.name),
        items,
        summary: summary?.summary(),
        runId: recorder?.runId,
        storageError,
        closedElsewhere,
        storedItems: recorder ? recorder.storedItems : config.storeRuns ? 0 : undefined,
        valuesCut: cuts?.count ?? 0,
        valuesCutDeep: cuts?.deepCount ?? 0,
        projectId: config.projectId,
        tags: config.tags,
        createdBy: config.createdBy,
        description: config.description,
        modelVersion: config.modelVersion,
        taskType: config.taskType,
        ...runDetails,
        createdAt,
      });
    this.snapshot = () => resultOf('failed', clock.now(), summary ? [] : [...results].sort((a, b) => a.index - b.index));
    try {
      emit({ type: 'started', runName, total: dataset.size, runId: recorder?.runId });
      const started = performance.now();

      // Without a rate limit, a gate still holds every item while the model API's Retry-After lasts.
      const rateLimiter = config.requestsPerSecond ? new RateLimiter(config.requestsPerSecond) : new PauseGate();
      // The first value recorded cut is told as it happens, so a stored copy that differs from the dataset is noticed;
      // so is the first item that failed because the API asked it to wait longer than config.maxRetryAfterMs.
      const warn = (warning: ValueCutWarning | RetryAfterTooLongWarning) => emit({ type: 'warning', warning });
      const settings = itemSettings(config, this.options.task as Task, metrics, rateLimiter, stopped, warn, warn, clock);
      cuts = settings.cuts;
      // With keepItems: false nothing here grows per item: the summary is accumulated in flat arrays instead.
      summary = config.keepItems ? undefined : new RunSummaryAccumulator(metrics.map((m) => m.name));
      let done = 0;
      let succeeded = 0;
      const onItem = (item: ItemResult): Promise<void> | undefined => {
        if (summary) summary.add(item);
        else results.push(item);
        done++;
        if (item.success) succeeded++;
        if (!firstStart || item.startedAt < firstStart) firstStart = item.startedAt;
        const backpressure = recorder?.add(item);
        const problem = reportedStorageError ? undefined : recorder?.problem;
        if (problem) {
          reportedStorageError = true;
          process.emitWarning(`llm-eval: ${problem.message}`, 'LlmEvalStorageWarning');
          emit({ type: 'storage-error', error: problem });
        }
        if (listeners.length) {
          const elapsedSeconds = (performance.now() - started) / 1000;
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

      try {
        await runPool(
          dataset.items(),
          config.maxConcurrency,
          (item) => runItem(item, settings),
          onItem,
          () => stopped.aborted,
        );
      } finally {
        settings.cancellation.dispose();
      }
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      stopListening();
    }
    const endTime = clock.now();
    // When the first item started (the run's start), or when the pool started if no item ran.
    const startTime = firstStart ?? poolStart;
    let status: EvaluationResult['status'] = failed || stoppedAsFailed ? 'failed' : stopped.aborted ? 'cancelled' : 'completed';
    const stopReason = failed ? failure : stoppedAsFailed?.reason;
    results.sort((a, b) => a.index - b.index);
    if (recorder) {
      try {
        await recorder.finish({
          status,
          startedAt: startTime,
          completedAt: endTime,
          durationSeconds: (endTime.getTime() - startTime.getTime()) / 1000,
          // Why it failed, for whoever looks at the stored run later (a dataset stream that broke, …).
          statusReason: status === 'failed' ? `the evaluation stopped: ${failureMessage(stopReason)}`.slice(0, 2000) : undefined,
        });
      } catch (error) {
        storageError = error as Error;
        if (!reportedStorageError) {
          process.emitWarning(`llm-eval: ${(error as Error).message}`, 'LlmEvalStorageWarning');
          emit({ type: 'storage-error', error: error as Error });
        }
      }
    }
    this.snapshot = undefined;
    // Closed by another process in the run's last moments (its last write refused, or a cancel just before the
    // statistics): the stored run is not completed, and neither is this result, as for a close noticed earlier.
    if (closedElsewhere && status === 'completed') status = 'cancelled';
    const result = resultOf(status, endTime, results);
    if (failed) {
      try {
        (failure as { result?: EvaluationResult }).result = result;
      } catch {
        // A thrown primitive or frozen object cannot carry the result; the stored run still has it.
      }
      throw failure;
    }
    emit({ type: 'completed', result });
    return result;
  }
}
