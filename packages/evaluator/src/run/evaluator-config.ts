import { ConfigError, InvalidOptionError } from '../errors';
import { MAX_TIMER_MS } from './backoff';
import { DEFAULT_MAX_VALUE_CHARS } from './safe-value';
import { CONFIG_OPTION_NAMES } from './config-option-names';
import { refuseUnknownOptions } from './unknown-options';
import type { AuditContext } from '@llm-eval/storage';
import type { ProgressListener } from './progress';
import type { RunExecutor } from './run-executor';

/** How an evaluation runs and where it is stored. */
export interface EvaluatorConfig {
  /** Store the run and every item in the database (default true). With false, no database code is loaded. */
  storeRuns?: boolean;
  /**
   * Keep every ItemResult in memory for `result.items`, toJSON() and save() (default true). With false the run's
   * memory stays flat however many items it has: `result.items` is empty, the summary figures (counts, success rate,
   * metricStats, timing, usage) are computed as items finish and equal those of a kept run, and the items are only
   * in the database; toJSON()/save() throw ItemsNotKeptError.
   */
  keepItems?: boolean;
  /** Database URL; default `LLM_EVAL_DATABASE_URL`, else `sqlite:///./llm_eval_runs.db`. */
  databaseUrl?: string;
  /** What the user typed to give databaseUrl (e.g. `--database-url`), named when it is malformed. */
  databaseUrlSource?: string;
  projectId?: string;
  createdBy?: string;
  /**
   * Who starts the run, for the audit log: the stored run's `run.created` entry (actor, optional correlation id) is
   * written in the transaction that creates the run. Without it no audit entry is written.
   */
  audit?: AuditContext;
  tags?: string[];
  runName?: string;
  description?: string;
  datasetName?: string;
  modelName?: string;
  modelVersion?: string;
  taskType?: string;
  /** Stored with the run (e.g. the prompt version or temperature). */
  runConfig?: Record<string, unknown>;
  /** Most items in flight at once (default 10); never more than there are items. */
  maxConcurrency?: number;
  /** Per-attempt timeout; the task's AbortSignal is aborted when it passes (default 30,000 ms). */
  timeoutMs?: number;
  /** Longest wait for an async metric on one item; past it that metric records a MetricTimeoutError (default: timeoutMs). */
  metricTimeoutMs?: number;
  /**
   * About how many characters of JSON one recorded value (an item's input, expected value, output or metadata) may
   * take; longer ones are cut with a marker saying how much was cut (default 10,000,000). The first value cut is
   * reported as a `value-cut` warning event, and `result.valuesCut` counts them.
   */
  maxValueChars?: number;
  /** Retries of a retryable failure (default 0). */
  retries?: number;
  /** First backoff delay; doubles per retry, with full jitter (default 500 ms). */
  retryBaseDelayMs?: number;
  /** Longest backoff delay (default 30,000 ms). */
  retryMaxDelayMs?: number;
  /**
   * Longest wait a model API may ask for before a retry (a Retry-After, RetryableError's `retryAfterMs`) that the run
   * honours, holding every item meanwhile (default 300,000 ms: 5 minutes; at most 2^31-1). An item asked to wait
   * longer is not retried: it fails at once with an error naming the wait asked for and this limit, the run goes on
   * without pausing, and a `retry-after-too-long` warning event is sent once.
   */
  maxRetryAfterMs?: number;
  /** Which errors to retry; default: RetryableError or an error with `retryable: true`. */
  retryOn?: (error: unknown) => boolean;
  /** Most task starts per second (default unlimited); at least 4.66e-7, one start per 2^31-1 ms (about 24.8 days). */
  requestsPerSecond?: number;
  /** Items per database write (default 500; a run's first write goes at 64 or fewer); while two writes are in flight, the items that finish gather into one write of up to four batches. */
  storageBatchSize?: number;
  /** Longest time a finished item waits before it is written (default 1,000 ms). */
  storageFlushIntervalMs?: number;
  /** Told of the run's progress; an error it throws is reported once as a warning and never stops the run. */
  onProgress?: ProgressListener;
  /**
   * Run the evaluation elsewhere instead of in this process, e.g. on queue workers:
   * `executor: queueExecutor({ queue: { url: 'redis://host:6379' }, task: { module: '/abs/path/task.mjs' } })` from
   * `@llm-eval/queue`. The Evaluator is then built without `task` (each worker loads it) and with metric names only;
   * the run is stored (PostgreSQL), its items are not kept (`keepItems` defaults to false; true is refused), and the
   * result's summary is read back from the stored run. `maxConcurrency` is then each worker's own setting.
   */
  executor?: RunExecutor;
}

/** config.maxRetryAfterMs when not given: 5 minutes. @internal */
export const DEFAULT_MAX_RETRY_AFTER_MS = 300_000;

const KNOWN_OPTIONS = Object.keys(CONFIG_OPTION_NAMES);

/** The lowest requestsPerSecond: one start per MAX_TIMER_MS, the longest a timer can wait between two starts. */
const MIN_REQUESTS_PER_SECOND = 1000 / MAX_TIMER_MS;

const BOOLEAN_OPTIONS = ['storeRuns', 'keepItems'] as const;
const STRING_OPTIONS = [
  'databaseUrl',
  'databaseUrlSource',
  'projectId',
  'createdBy',
  'runName',
  'description',
  'datasetName',
  'modelName',
  'modelVersion',
  'taskType',
] as const;

/**
 * Options whose null has always meant "not given" (they were read as `option ?? default`): null still does, so a
 * caller passing `description: null` or `tags: null` for "none" keeps working. Numeric options never took null.
 */
const NULL_MEANS_UNSET = [...BOOLEAN_OPTIONS, ...STRING_OPTIONS, 'tags', 'runConfig', 'audit', 'onProgress'] as const;

function withoutNulls(config: EvaluatorConfig): EvaluatorConfig {
  const copy: Record<string, unknown> = { ...config };
  for (const name of NULL_MEANS_UNSET) if (copy[name] === null) delete copy[name];
  return copy as EvaluatorConfig;
}

function wholeNumber(name: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new InvalidOptionError(name, value, `a whole number ${range}`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks the type of every option that is given (undefined means "not given", and null too for the options in
 * NULL_MEANS_UNSET), so a mistyped value (`storeRuns: 'false'`, which is truthy) fails here, before anything runs or
 * is stored.
 */
function checkTypes(config: EvaluatorConfig): void {
  const options = config as Record<string, unknown>;
  for (const name of BOOLEAN_OPTIONS) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') throw new InvalidOptionError(name, options[name], 'true or false');
  }
  for (const name of STRING_OPTIONS) {
    if (options[name] !== undefined && typeof options[name] !== 'string') throw new InvalidOptionError(name, options[name], 'a string');
  }
  if (config.tags !== undefined && (!Array.isArray(config.tags) || !config.tags.every((tag) => typeof tag === 'string'))) {
    throw new InvalidOptionError('tags', config.tags, "a list of strings, e.g. ['v2', 'nightly']");
  }
  if (config.runConfig !== undefined && !isPlainObject(config.runConfig)) {
    throw new InvalidOptionError('runConfig', config.runConfig, "a plain object of settings to store with the run, e.g. { temperature: 0.2 }");
  }
  const audit = config.audit as { actor?: unknown; correlationId?: unknown } | undefined;
  if (audit !== undefined && (!isPlainObject(audit) || typeof audit.actor !== 'string' || (audit.correlationId !== undefined && typeof audit.correlationId !== 'string'))) {
    throw new InvalidOptionError('audit', audit, 'an object { actor: string, correlationId?: string }');
  }
  if (config.onProgress !== undefined && typeof config.onProgress !== 'function') {
    throw new InvalidOptionError('onProgress', config.onProgress, 'a function (event) => void');
  }
  if (config.retryOn !== undefined && typeof config.retryOn !== 'function') {
    throw new InvalidOptionError('retryOn', config.retryOn, 'a function (error) => boolean');
  }
  if (config.executor !== undefined && typeof (config.executor as { execute?: unknown } | null)?.execute !== 'function') {
    throw new InvalidOptionError('executor', config.executor, 'an object with execute(request), such as queueExecutor(...) from @llm-eval/queue');
  }
}

/** Validated configuration with defaults filled in; a bad value throws an InvalidOptionError naming the option. @internal */
export function resolveConfig(given: EvaluatorConfig = {}) {
  if (typeof given !== 'object' || given === null) throw new ConfigError(`config must be an object of options, got ${given === null ? 'null' : `a ${typeof given}`}.`);
  refuseUnknownOptions(given, KNOWN_OPTIONS, 'config');
  const config = withoutNulls(given);
  checkTypes(config);
  const rps = config.requestsPerSecond;
  if (rps !== undefined && (typeof rps !== 'number' || Number.isNaN(rps) || !(rps > 0))) {
    throw new InvalidOptionError('requestsPerSecond', rps, 'a number > 0');
  }
  // Slower than one start per MAX_TIMER_MS, the limiter would have to wait longer than a timer can.
  if (rps !== undefined && 1000 / rps > MAX_TIMER_MS) {
    throw new InvalidOptionError('requestsPerSecond', rps, `at least ${MIN_REQUESTS_PER_SECOND.toPrecision(3)} (one start per 2^31-1 ms, about 24.8 days, the longest a timer can wait)`);
  }
  const timeoutMs = wholeNumber('timeoutMs', config.timeoutMs, 30_000, 1, MAX_TIMER_MS);
  return {
    ...config,
    storeRuns: config.storeRuns ?? true,
    keepItems: config.keepItems ?? !config.executor,
    maxConcurrency: wholeNumber('maxConcurrency', config.maxConcurrency, 10, 1),
    timeoutMs,
    metricTimeoutMs: wholeNumber('metricTimeoutMs', config.metricTimeoutMs, timeoutMs, 1, MAX_TIMER_MS),
    maxValueChars: wholeNumber('maxValueChars', config.maxValueChars, DEFAULT_MAX_VALUE_CHARS, 100),
    retries: wholeNumber('retries', config.retries, 0, 0),
    retryBaseDelayMs: wholeNumber('retryBaseDelayMs', config.retryBaseDelayMs, 500, 0, MAX_TIMER_MS),
    retryMaxDelayMs: wholeNumber('retryMaxDelayMs', config.retryMaxDelayMs, 30_000, 0, MAX_TIMER_MS),
    maxRetryAfterMs: wholeNumber('maxRetryAfterMs', config.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS, 0, MAX_TIMER_MS),
    storageBatchSize: wholeNumber('storageBatchSize', config.storageBatchSize, 500, 1),
    storageFlushIntervalMs: wholeNumber('storageFlushIntervalMs', config.storageFlushIntervalMs, 1_000, 1, MAX_TIMER_MS),
  };
}
