import { TaskTimeoutError } from '../errors';
import { scoreMetric } from '../metrics/registry';
import type { LoadedItem, MetricContext, NamedMetric, Task, TaskContext } from '../types';
import { backoffDelay, sleep } from './backoff';
import { deadline, HeldTime } from './held-time';
import type { ItemResult } from './item-result';
import type { ItemRateLimiter } from './rate-limiter';
import { RunCancellation } from './run-cancellation';
import type { resolveConfig } from './evaluator-config';
import { describeError, recordedFields, recordedResponseTime, recordedUsage, type RecordedFields, type RecordedUsage } from './record-item';
import { ValueCuts, type ValueCutWarning } from './value-cuts';
import { ITEM_NUMBER_LIMITS } from '../storage/storage-limits';
import { invokeTask, unwrapTaskOutput } from './task-output';
import { decideRetry, defaultIsRetryable, requestedWait, waitRefusal } from './retry-decision';
import { RetryAfterWarnings, type RetryAfterTooLongWarning } from './retry-after-warning';
import { RunClock } from './run-clock';

/** How items are executed; fixed for a run. @internal */
export interface ItemSettings {
  task: Task;
  metrics: NamedMetric[];
  timeoutMs: number;
  /** Longest wait for an async metric. */
  metricTimeoutMs: number;
  /** About how many characters of JSON one recorded value may take. */
  maxValueChars: number;
  /** Records values within maxValueChars and counts the ones it cut. */
  cuts: ValueCuts;
  retries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Longest Retry-After honoured; an item asked to wait longer fails instead (config.maxRetryAfterMs). */
  maxRetryAfterMs: number;
  /** Tells the run, once, of an item asked to wait longer than maxRetryAfterMs. */
  longWaits: RetryAfterWarnings;
  isRetryable: (error: unknown) => boolean;
  rateLimiter?: ItemRateLimiter;
  /** The run's cancellation, forwarded to each attempt through one listener on the run's signal. */
  cancellation: RunCancellation;
  /** How long the run's own synchronous work on items held the thread: not counted against any task's timeout. */
  held: HeldTime;
  /** The run's clock: items' start and end times advance with the monotonic clock (see RunClock). */
  clock: RunClock;
}

/** The settings of a run's items from its validated configuration. @internal */
export function itemSettings(
  config: ReturnType<typeof resolveConfig>,
  task: Task,
  metrics: NamedMetric[],
  rateLimiter: ItemRateLimiter | undefined,
  signal: AbortSignal | undefined,
  onValueCut?: (warning: ValueCutWarning) => void,
  onRetryAfterTooLong?: (warning: RetryAfterTooLongWarning) => void,
  clock: RunClock = new RunClock(),
): ItemSettings {
  return {
    task,
    metrics,
    timeoutMs: config.timeoutMs,
    metricTimeoutMs: config.metricTimeoutMs,
    maxValueChars: config.maxValueChars,
    cuts: new ValueCuts(config.maxValueChars, onValueCut),
    retries: config.retries,
    retryBaseDelayMs: config.retryBaseDelayMs,
    retryMaxDelayMs: config.retryMaxDelayMs,
    maxRetryAfterMs: config.maxRetryAfterMs,
    longWaits: new RetryAfterWarnings(onRetryAfterTooLong),
    isRetryable: config.retryOn ?? defaultIsRetryable,
    rateLimiter,
    cancellation: new RunCancellation(signal),
    held: new HeldTime(),
    clock,
  };
}

/** Shared by every item without reasons or metric errors, so 100,000 results don't carry 200,000 empty objects. */
const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

const NO_USAGE: RecordedUsage = {};

/**
 * Every item result is built here with all its properties in one order. Object spreads built these before: V8 then
 * gives each result a slow (dictionary-like) shape, which cost the evaluation loop about half its throughput and a
 * third more memory on 100,000 items (bench:evaluator).
 */
function itemResult(
  fields: RecordedFields,
  output: unknown,
  success: boolean,
  error: string | undefined,
  errorType: string | undefined,
  startedAt: Date,
  measuredTime: number,
  measuredUsage: RecordedUsage,
  attempts: number,
  completedAt: Date,
): ItemResult {
  // No object per item on the common path: only a time past the limit (a clock that jumped) is rewritten.
  let responseTime = measuredTime;
  let usage = measuredUsage;
  if (measuredTime > ITEM_NUMBER_LIMITS.responseTime) ({ responseTime, usage } = recordedResponseTime(measuredTime, measuredUsage));
  return {
    id: fields.id,
    index: fields.index,
    input: fields.input,
    expected: fields.expected,
    metadata: fields.metadata,
    output,
    success,
    error,
    errorType,
    scores: {},
    reasons: NONE,
    metricErrors: NONE,
    startedAt,
    completedAt,
    responseTime,
    tokensUsed: usage.tokensUsed,
    cost: usage.cost,
    attempts,
    taskMetadata: usage.taskMetadata,
  };
}

/**
 * The task's context. Its `signal` (an own, enumerable property, so a spread copy keeps it) is the attempt's
 * AbortSignal, which Node.js creates only when it is first read: a task that never reads it costs no AbortSignal.
 * One was created per attempt before, and it was a third of what the evaluation loop allocated per item of a
 * synchronous task, most of it surviving into the old generation (bench:evaluator).
 */
function taskContext(controller: AbortController, item: LoadedItem, attempt: number): TaskContext {
  return {
    get signal() {
      return controller.signal;
    },
    item,
    attempt,
  };
}

/**
 * Waits for a task's promise, rejecting at the timeout (after aborting the task's signal) or on abort. An answer that
 * arrived while the run's own work held the thread is taken before the timeout (see deadline).
 */
function settle(pending: PromiseLike<unknown>, controller: AbortController, timeoutMs: number, held: () => boolean): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const signal = controller.signal;
    if (signal.aborted) {
      // Cancelled while the task was starting: its promise is not awaited, so its rejection must not go unhandled.
      Promise.resolve(pending).catch(() => undefined);
      return reject(signal.reason);
    }
    const onAbort = () => {
      cancelTimeout();
      reject(signal.reason);
    };
    const cancelTimeout = deadline(timeoutMs, held, () => controller.abort(new TaskTimeoutError(timeoutMs)));
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        cancelTimeout();
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        cancelTimeout();
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Runs one item: the task (with timeout, retries and the rate limit), then every metric (each with its timeout).
 * Whatever the dataset or the task produced, the result holds plain JSON data (see toSafeValue), so one odd item
 * never breaks the result, its export or storage. Resolves to undefined when the run is cancelled first.
 * @internal
 */
export async function runItem(item: LoadedItem, s: ItemSettings): Promise<ItemResult | undefined> {
  // When the first attempt's task call started: after its wait for a rate-limit slot (the pool's concurrency wait
  // comes before runItem), as responseTime is measured, so startedAt/completedAt span the task calls, not the queue.
  // A retried item keeps its first attempt's start: completedAt - startedAt then also holds the earlier attempts and
  // the backoffs between them, while responseTime is the last attempt's alone.
  let startedAt: Date | undefined;
  // Recorded before the task can change them (see recordedFields).
  const recorded = recordedFields(item, s.cuts);
  let attempt = 0;
  for (;;) {
    attempt++;
    if (s.cancellation.cancelled) return undefined;
    // Everything this attempt waits on listens to its own signal, never to the run's shared one.
    const { controller, release } = s.cancellation.attempt();
    let raw: unknown;
    let t0 = performance.now();
    try {
      if (s.rateLimiter && !s.rateLimiter.tryAcquire?.()) {
        try {
          const waiting = s.rateLimiter.acquire(controller.signal);
          if (waiting) await waiting;
        } catch {
          return undefined;
        }
      }
      t0 = performance.now();
      startedAt ??= s.clock.now();
      const heldAtStart = s.held.ms;
      // The task's synchronous part holds the thread for every other item in flight, as the run's own work does: it is
      // counted as held time, so an item whose answer arrived meanwhile is not judged by it (see deadline), while
      // this item's own time still counts against its own timeout (heldByOthers leaves it out).
      let own = 0;
      const heldByOthers = () => s.held.ms - heldAtStart - own;
      try {
        try {
          raw = invokeTask(s.task, item.input, taskContext(controller, item, attempt));
        } finally {
          own = s.held.addSince(t0) - t0;
        }
        if (isPromiseLike(raw)) raw = await settle(raw, controller, s.timeoutMs, () => heldByOthers() > 0);
        // A task that blocks the thread (CPU-bound, synchronous) cannot be interrupted by the timer: judge it after,
        // by its time less what other work held the thread meanwhile (another item's slow metric or synchronous task).
        if (performance.now() - t0 - heldByOthers() > s.timeoutMs) {
          const overran = new TaskTimeoutError(s.timeoutMs);
          controller.abort(overran);
          throw overran;
        }
      } catch (error) {
        const elapsed = (performance.now() - t0) / 1000;
        if (s.cancellation.cancelled) return undefined;
        // Nothing read from the thrown value may throw here: a value that cannot be read fails its item alone.
        const decision = decideRetry(s.isRetryable, error);
        const { ruleError } = decision;
        let { retryable } = decision;
        let floor = retryable ? requestedWait(error) : 0;
        // A wait past config.maxRetryAfterMs (Retry-After: 86400) would hold the whole run for it, silently: the item
        // fails now instead, saying so, and nothing else is paused.
        const refusal = waitRefusal(floor, s.maxRetryAfterMs);
        if (refusal !== undefined) {
          s.longWaits.note(item.id, floor, s.maxRetryAfterMs);
          retryable = false;
          floor = 0;
        }
        // The API asked to wait (Retry-After): every item sharing the limiter waits — in this process, or in every
        // worker of a distributed run — not just this one, and also when this item has no retry left.
        if (floor > 0) s.rateLimiter?.pause?.(floor);
        if (attempt <= s.retries && retryable) {
          // The attempt's controller may be aborted already (its timeout): the backoff waits on a fresh one.
          const wait = s.cancellation.attempt();
          try {
            const backoff = sleep(backoffDelay(attempt, s.retryBaseDelayMs, s.retryMaxDelayMs, floor), wait.controller.signal);
            await (s.rateLimiter?.hold ? s.rateLimiter.hold(backoff) : backoff);
          } catch {
            return undefined;
          } finally {
            wait.release();
          }
          continue;
        }
        s.cuts.begin();
        const { type, message: described } = describeError(error, s.maxValueChars, s.cuts);
        s.cuts.end(item.id, 'error');
        const why = refusal ?? (ruleError === undefined ? undefined : `not retried: the retry rule, config.retryOn, threw ${ruleError}`);
        const message = why === undefined ? described : `${described} (${why})`;
        return itemResult(recorded, undefined, false, message, type, startedAt!, elapsed, NO_USAGE, attempt, s.clock.now());
      }
    } finally {
      release();
    }
    const responseTime = (performance.now() - t0) / 1000;
    return scoreItem(item, s, raw, recorded, startedAt!, responseTime, attempt);
  }
}

/**
 * What metrics see of the item: its fields, its response time and tokens. Built field by field, not as
 * `{ ...item, responseTime, tokensUsed }`: V8 kept the spread copies alive through the next minor collection, so each
 * one was copied into the old generation (about a third of what a trivial task's items promoted, bench:evaluator).
 */
function metricContext(item: LoadedItem, responseTime: number, tokensUsed: number | undefined): MetricContext {
  return { id: item.id, index: item.index, input: item.input, expected: item.expected, metadata: item.metadata, responseTime, tokensUsed };
}

async function scoreItem(
  item: LoadedItem,
  s: ItemSettings,
  raw: unknown,
  fields: RecordedFields,
  startedAt: Date,
  responseTime: number,
  attempts: number,
): Promise<ItemResult> {
  // Recording the output (a huge one takes a while) is the run's own work, as scoring is: it holds the thread.
  const recording = performance.now();
  let unwrapped: ReturnType<typeof unwrapTaskOutput>;
  try {
    unwrapped = unwrapTaskOutput(raw);
  } catch {
    unwrapped = { output: raw };
  }
  const usage = recordedUsage(unwrapped, s.cuts, item.id);
  const output = s.cuts.value(unwrapped.output, item.id, 'output');
  const result = itemResult(fields, output, true, undefined, undefined, startedAt, responseTime, usage, attempts, s.clock.now());
  s.held.addSince(recording);
  // Metrics see what the task returned (its own types), not the recorded copy; and the time as recorded.
  const context = metricContext(item, result.responseTime, usage.tokensUsed);
  for (const metric of s.metrics) {
    let scored = scoreMetric(metric, unwrapped.output, item.expected, item.input, context, s.metricTimeoutMs, s.held);
    if (isPromiseLike(scored)) scored = await scored;
    if ('error' in scored) {
      if (result.metricErrors === NONE) result.metricErrors = {};
      result.metricErrors[metric.name] = scored.error;
    } else {
      result.scores[metric.name] = scored.value;
      if (scored.reason !== undefined) {
        if (result.reasons === NONE) result.reasons = {};
        result.reasons[metric.name] = s.cuts.reason(scored.reason, item.id, metric.name);
      }
    }
  }
  return result;
}
