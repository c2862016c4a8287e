import { createItemRunner, type ItemRunner, type Task, type RetryAfterTooLongWarning, type ValueCutWarning } from '@llm-eval/evaluator';
import type { Redis } from 'ioredis';
import { QueueError, TaskLoadError } from './errors';
import { guardProcessExit } from './exit-guard';
import { describeTask } from './load-task';
import { RedisPauseGate } from './redis-pause-gate';
import { RedisRateLimiter } from './redis-rate-limiter';
import { RUN_FIELDS, runKeys } from './run-keys';
import { SlotLendingLimiter } from './slot-lending-limiter';
import type { TaskSlots } from './task-slots';
import { parseRunSpec, type RunSpec, type TaskReference } from './run-spec';

/** A worker's view of one run: its loaded runner, or why its items are skipped. @internal */
export interface RunEntry {
  runId: string;
  runner?: ItemRunner;
  /** Aborts this worker's in-flight items of the run (the runner's signal). */
  controller: AbortController;
  /**
   * Set when this worker's database is not the run's (a worker started with another --database-url): it must neither
   * run nor store the run's items, nor take the run for deleted; they wait for the workers on the run's database.
   */
  elsewhere?: string;
  /**
   * Why this worker could not load the run while other workers serve it (it then leaves the run's items to them, as
   * for `elsewhere`); if they all go, the run fails with it.
   */
  loadFailure?: TaskLoadError;
  /** Cancelled, failed to load, finalised or gone: remaining items complete without running. */
  closed: boolean;
  /** Items of the run this worker is running now. */
  active: number;
  /** The run's shared rate limiter as this worker's items use it: how many of them wait for it now. */
  limiter?: SlotLendingLimiter;
  /** The longest an item's task or an async metric may take (the run's timeoutMs and metricTimeoutMs), for the watchdog. */
  longestMs: number;
  lastUsed: number;
}

/** What a RunRunners needs from its worker. @internal */
export interface RunRunnersOptions {
  redis: Redis;
  prefix: string;
  workerName: string;
  loadTask: (ref: TaskReference) => Promise<unknown>;
  loadMetricFiles: (files: string[]) => Promise<void>;
  /** Called once when this worker could not load a run; the worker records the failure and finalises the run. */
  onLoadFailure: (runId: string, error: TaskLoadError) => Promise<string | undefined>;
  /** Told when a run is loaded, and when its shared rate limiter cannot reach Redis. */
  onLoaded?: (runId: string, spec: RunSpec) => void;
  onRateLimitError?: (runId: string, error: Error) => void;
  /** Told at the first value a run's runner records cut (past the run's maxValueChars). */
  onValueCut?: (runId: string, warning: ValueCutWarning) => void;
  /** Told when the model API asked an item of a run to wait past the run's maxRetryAfterMs (the item fails at once). */
  onRetryAfterTooLong?: (runId: string, warning: RetryAfterTooLongWarning) => void;
  /**
   * How long loading a run's task and metric modules may take before the run is failed with the reason (default
   * DEFAULT_LOAD_TIMEOUT_MS): an import that never settles (a top-level await) would hold this worker's slots for ever.
   */
  loadTimeoutMs?: number;
  /** databaseFingerprint() of this worker's database, compared with the one each run records. */
  databaseFingerprint: () => Promise<string | undefined>;
  /** The worker's task slots: an item waiting for its run's rate limit lends its slot meanwhile (SlotLendingLimiter). */
  taskSlots?: TaskSlots;
}

/** The default of RunRunnersOptions.loadTimeoutMs. @internal */
export const DEFAULT_LOAD_TIMEOUT_MS = 60_000;

/** The Evaluator's default timeoutMs, for a run that sets none. */
const DEFAULT_ITEM_TIMEOUT_MS = 30_000;

/** How often a run whose modules are loading is checked for a cancel. */
const LOAD_CANCEL_POLL_MS = 1_000;

/** What a load ends with when its run was cancelled or finalised meanwhile (its items are then skipped). */
const CANCELLED = Symbol('cancelled');

/**
 * The runs a worker has seen, each with its runner built once (task and metric modules loaded, the run's shared rate
 * limiter), so a run's thousands of items load its task once per worker.
 * @internal
 */
export class RunRunners {
  private readonly entries = new Map<string, Promise<RunEntry>>();
  /** Aborted when the worker stops: loads still going give up, and their items go back to the queue. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: RunRunnersOptions) {}

  /** The run's entry, loading it on first use. */
  get(runId: string): Promise<RunEntry> {
    let entry = this.entries.get(runId);
    if (!entry) {
      entry = this.load(runId);
      this.entries.set(runId, entry);
      // A Redis error while loading is not the run's fault: forget it so the job's retry loads again.
      entry.catch(() => this.entries.delete(runId));
    }
    return entry;
  }

  /** Entries loaded so far. */
  async loaded(): Promise<RunEntry[]> {
    const settled = await Promise.allSettled([...this.entries.values()]);
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /** Stops a run's in-flight items and skips its remaining ones. */
  close(entry: RunEntry): void {
    if (entry.closed) return;
    entry.closed = true;
    entry.controller.abort(new Error(`run ${entry.runId} was cancelled`));
  }

  /** True for the error a load ended with because the worker is stopping (see stop()). */
  isStopping(error: unknown): boolean {
    return this.stopping.signal.aborted && error === this.stopping.signal.reason;
  }

  /**
   * Why this worker leaves a run to others (its database is not the run's), or undefined: read from the run's spec
   * alone, without loading the run (a finalize job of a run this worker never ran must not import its task).
   */
  async elsewhere(runId: string): Promise<string | undefined> {
    const spec = parseRunSpec(await this.options.redis.hget(runKeys(this.options.prefix, runId).hash, RUN_FIELDS.spec));
    return this.elsewhereReason(runId, spec);
  }

  private async elsewhereReason(runId: string, spec: RunSpec | undefined): Promise<string | undefined> {
    if (!spec?.database) return undefined;
    const mine = await this.options.databaseFingerprint();
    if (!mine || mine === spec.database) return undefined;
    return (
      `worker ${this.options.workerName} is connected to another database than the one run ${runId} is stored in, so it leaves ` +
      "the run's items to the workers on that database: start it with the --database-url the run was submitted with"
    );
  }

  /** The worker is stopping: loads still going end (their items go back to the queue; no run is failed). */
  stop(): void {
    this.stopping.abort(new QueueError(`worker ${this.options.workerName} is stopping`));
  }

  /** Drops a closed run that has nothing in flight (its keys are gone or it is finalised). */
  forget(entry: RunEntry): void {
    entry.runner?.dispose();
    this.entries.delete(entry.runId);
  }

  private async load(runId: string): Promise<RunEntry> {
    const { redis, prefix } = this.options;
    const keys = runKeys(prefix, runId);
    const [specText, cancelled, finalized] = await redis.hmget(keys.hash, RUN_FIELDS.spec, RUN_FIELDS.cancelled, RUN_FIELDS.finalized);
    const spec = parseRunSpec(specText);
    const timeoutMs = spec?.config.timeoutMs ?? DEFAULT_ITEM_TIMEOUT_MS;
    const longestMs = Math.max(timeoutMs, spec?.config.metricTimeoutMs ?? timeoutMs);
    const entry: RunEntry = { runId, controller: new AbortController(), closed: false, active: 0, lastUsed: Date.now(), longestMs };
    // Before anything else: a worker on another database would find the run missing there.
    entry.elsewhere = await this.elsewhereReason(runId, spec);
    if (entry.elsewhere) return entry;
    if (cancelled || finalized) {
      entry.closed = true;
      return entry;
    }
    // No spec and neither cancelled nor finalised: Redis lost the run's state (a restart without persistence) and its
    // submitter has not put it back yet. Failing the job (not caching a closed entry) lets BullMQ try it again later.
    if (!spec) throw new QueueError(`run ${runId} has no state in the queue's Redis (it restarted without persistence?); waiting for its submitter to restore it`);
    try {
      const runner = await this.buildWithin(runId, spec, entry.controller.signal, keys, entry);
      if (runner === CANCELLED) {
        entry.closed = true;
        return entry;
      }
      entry.runner = runner;
      this.options.onLoaded?.(runId, spec);
    } catch (error) {
      // A stopping worker's load is not the run's failure: the item goes back to the queue (worker.ts).
      if (this.isStopping(error)) throw error;
      entry.closed = true;
      const { what, cause } = error as LoadFailure;
      const reason = (cause as Error)?.message ?? String(cause);
      const failure = new TaskLoadError(spec.task.module, `worker ${this.options.workerName} could not load ${what}: ${reason}`, { cause });
      // Other workers serve the run: this one leaves its items to them (the reason says why) instead of failing it.
      const leave = await this.options.onLoadFailure(runId, failure);
      if (leave !== undefined) {
        entry.closed = false;
        entry.elsewhere = leave;
        entry.loadFailure = failure;
      }
    }
    return entry;
  }

  /**
   * build(), given up when it outlasts loadTimeoutMs (a LoadFailure naming the step), when the run is cancelled or
   * finalised meanwhile (CANCELLED), or when the worker stops (the stopping reason). A runner built after that is disposed.
   */
  private buildWithin(runId: string, spec: RunSpec, signal: AbortSignal, keys: ReturnType<typeof runKeys>, entry: RunEntry): Promise<ItemRunner | typeof CANCELLED> {
    const timeoutMs = this.options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    const progress = { what: `task ${describeTask(spec.task)}` };
    // A module that calls process.exit while loading fails the run rather than stopping this worker (exit-guard.ts).
    const releaseExit = guardProcessExit();
    const building = this.build(runId, spec, signal, keys.rate, progress, entry);
    const stopping = this.stopping.signal;
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    let onStop: (() => void) | undefined;
    return new Promise<ItemRunner | typeof CANCELLED>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        fn();
      };
      building.then(
        (runner) => (settled ? runner.dispose() : settle(() => resolve(runner))),
        (error) => settle(() => reject(error)),
      );
      timer = setTimeout(() => {
        const cause = new Error(
          `it did not finish loading within ${timeoutMs / 1000} s (an import that never settles, such as a top-level await on something that never comes, or a start-up slower than the worker's --load-timeout)`,
        );
        settle(() => reject({ what: progress.what, cause } satisfies LoadFailure));
      }, timeoutMs);
      poll = setInterval(() => {
        this.options.redis.hmget(keys.hash, RUN_FIELDS.cancelled, RUN_FIELDS.finalized).then(
          ([cancelled, finalized]) => (cancelled || finalized ? settle(() => resolve(CANCELLED)) : undefined),
          () => undefined,
        );
      }, LOAD_CANCEL_POLL_MS);
      onStop = () => settle(() => reject(stopping.reason));
      if (stopping.aborted) onStop();
      else stopping.addEventListener('abort', onStop, { once: true });
    }).finally(() => {
      releaseExit();
      clearTimeout(timer);
      clearInterval(poll);
      if (onStop) stopping.removeEventListener('abort', onStop);
    });
  }

  private async build(runId: string, spec: RunSpec, signal: AbortSignal, rateKey: string, progress: { what: string }, entry: RunEntry): Promise<ItemRunner> {
    const step = async <T>(what: string, fn: () => Promise<T> | T): Promise<T> => {
      progress.what = what;
      try {
        return await fn();
      } catch (cause) {
        throw { what, cause } satisfies LoadFailure;
      }
    };
    const taskName = `task ${describeTask(spec.task)}`;
    if (spec.metricFiles.length) await step(`metric files ${spec.metricFiles.join(', ')} (for ${taskName})`, () => this.options.loadMetricFiles(spec.metricFiles));
    const task = await step(taskName, async () => {
      const loaded = await this.options.loadTask(spec.task);
      if (typeof loaded !== 'function' && typeof (loaded as { invoke?: unknown } | null)?.invoke !== 'function') {
        throw new Error(`its export is a ${loaded === null ? 'null' : typeof loaded}, not a task function or an object with invoke()`);
      }
      return loaded as Task;
    });
    const { requestsPerSecond, ...config } = spec.config;
    return step(`the metrics or settings of ${taskName}`, () => {
      const onError = (error: Error) => this.options.onRateLimitError?.(runId, error);
      // Without a rate limit, a Retry-After from the model API still holds every worker of the run.
      const shared = requestsPerSecond
        ? new RedisRateLimiter(this.options.redis, rateKey, requestsPerSecond, { onError })
        : new RedisPauseGate(this.options.redis, `${rateKey}:pause`, { onError });
      const slots = this.options.taskSlots;
      const rateLimiter = slots ? (entry.limiter = new SlotLendingLimiter(shared, slots)) : shared;
      const onValueCut = (warning: ValueCutWarning) => this.options.onValueCut?.(runId, warning);
      const onRetryAfterTooLong = (warning: RetryAfterTooLongWarning) => this.options.onRetryAfterTooLong?.(runId, warning);
      return createItemRunner({ task, metrics: spec.metrics, config, rateLimiter, signal, onValueCut, onRetryAfterTooLong });
    });
  }
}

/** A step of loading a run that failed, and what it was loading. */
interface LoadFailure {
  what: string;
  cause: unknown;
}
