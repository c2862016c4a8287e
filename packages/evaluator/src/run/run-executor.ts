import type { AuditContext } from '@llm-eval/storage';
import type { DatasetWarning } from '../dataset/dataset-warnings';
import type { DatasetSource } from '../dataset/prepare-dataset';
import type { RunSummary } from '../result/run-summary';
import type { ItemRunnerConfig } from './item-runner';

/**
 * Runs an evaluation somewhere other than this process — `@llm-eval/queue`'s `queueExecutor` runs it on BullMQ
 * workers. Given as `config.executor`, it replaces the Evaluator's own loop: the executor creates and stores the run,
 * and answers with its summary, read back from the database. Its workers load the task and resolve the metrics by
 * name themselves, so the Evaluator is built without a task function and with metric names only.
 */
export interface RunExecutor {
  /** Shown in errors, e.g. `queue (redis://queue-host:6379)`; never holds a password. */
  readonly description: string;
  execute(request: ExecutionRequest): Promise<ExecutedRun>;
}

/** What the Evaluator hands an executor: the dataset, metric names, the run's fields and the per-item settings. */
export interface ExecutionRequest {
  dataset: DatasetSource;
  datasetName: string | undefined;
  metricNames: string[];
  run: {
    name: string;
    description?: string;
    projectId?: string;
    createdBy?: string;
    tags?: string[];
    modelName?: string;
    modelVersion?: string;
    taskType?: string;
    runConfig?: Record<string, unknown>;
  };
  databaseUrl: string | undefined;
  databaseUrlSource: string | undefined;
  /** Who starts the run: the executor writes its `run.created` audit entry in the transaction that creates it. */
  audit: AuditContext | undefined;
  /** Per-item settings, as the Evaluator's own loop honours them (retryOn excepted: a function cannot travel). */
  itemConfig: Omit<ItemRunnerConfig, 'retryOn'>;
  /** One limit for the whole run, however many processes run it. */
  requestsPerSecond: number | undefined;
  /** Aborting cancels the run everywhere; it is then stored as cancelled. */
  signal: AbortSignal | undefined;
  /** Call once the run exists (it has an id), before items finish. */
  onStarted(started: { runId: string; total: number | undefined }): void;
  /** Call as items finish (any cadence; counts only go up). */
  onProgress(counts: { done: number; succeeded: number; total: number | undefined }): void;
  /**
   * Call with each problem found in the dataset (datasetWarnings: ignored fields, no expected values …), before the
   * run is created, as the Evaluator reports them for a run of its own. Optional for executors.
   */
  onWarning?(warning: DatasetWarning): void;
}

/** What an executor answers once the run is finalised. */
export interface ExecutedRun {
  runId: string;
  datasetName: string;
  status: 'completed' | 'failed' | 'cancelled';
  startTime: Date;
  endTime: Date;
  summary: RunSummary;
  /** Values the run recorded cut (past config.maxValueChars): the result's valuesCut. Unknown when absent. */
  valuesCut?: number;
}
