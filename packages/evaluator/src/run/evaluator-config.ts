import { ConfigError } from '../errors';
import type { ProgressListener } from './progress';

/** How an evaluation runs and where it is stored. */
export interface EvaluatorConfig {
  /** Store the run and every item in the database (default true). With false, no database code is loaded. */
  storeRuns?: boolean;
  /** Database URL; default `LLM_EVAL_DATABASE_URL`, else `sqlite:///./llm_eval_runs.db`. */
  databaseUrl?: string;
  projectId?: string;
  createdBy?: string;
  tags?: string[];
  runName?: string;
  description?: string;
  datasetName?: string;
  modelName?: string;
  modelVersion?: string;
  taskType?: string;
  /** Stored with the run (e.g. the prompt version or temperature). */
  runConfig?: Record<string, unknown>;
  /** Most items in flight at once (default 10). */
  maxConcurrency?: number;
  /** Per-attempt timeout; the task's AbortSignal is aborted when it passes (default 30,000 ms). */
  timeoutMs?: number;
  /** Retries of a retryable failure (default 0). */
  retries?: number;
  /** First backoff delay; doubles per retry, with full jitter (default 500 ms). */
  retryBaseDelayMs?: number;
  /** Longest backoff delay (default 30,000 ms). */
  retryMaxDelayMs?: number;
  /** Which errors to retry; default: RetryableError or an error with `retryable: true`. */
  retryOn?: (error: unknown) => boolean;
  /** Most task starts per second (default unlimited). */
  requestsPerSecond?: number;
  /** Items per database write (default 500). */
  storageBatchSize?: number;
  /** Longest time a finished item waits before it is written (default 1,000 ms). */
  storageFlushIntervalMs?: number;
  onProgress?: ProgressListener;
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`config.${name} must be a whole number >= ${min}, got ${value}.`);
  return value;
}

/** Validated configuration with defaults filled in. @internal */
export function resolveConfig(config: EvaluatorConfig = {}) {
  if (config.requestsPerSecond !== undefined && !(config.requestsPerSecond > 0)) {
    throw new ConfigError(`config.requestsPerSecond must be > 0, got ${config.requestsPerSecond}.`);
  }
  return {
    ...config,
    storeRuns: config.storeRuns ?? true,
    maxConcurrency: positiveInt('maxConcurrency', config.maxConcurrency, 10),
    timeoutMs: positiveInt('timeoutMs', config.timeoutMs, 30_000),
    retries: positiveInt('retries', config.retries, 0, 0),
    retryBaseDelayMs: positiveInt('retryBaseDelayMs', config.retryBaseDelayMs, 500, 0),
    retryMaxDelayMs: positiveInt('retryMaxDelayMs', config.retryMaxDelayMs, 30_000, 0),
    storageBatchSize: positiveInt('storageBatchSize', config.storageBatchSize, 500),
    storageFlushIntervalMs: positiveInt('storageFlushIntervalMs', config.storageFlushIntervalMs, 1_000),
  };
}
