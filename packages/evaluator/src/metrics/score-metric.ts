import { MetricTimeoutError } from '../errors';
import { deadline, type HeldTime } from '../run/held-time';
import type { MetricValue, NamedMetric, MetricContext } from '../types';

/** One metric's verdict on one item: a value (with an optional reason) or why there is none. */
export type MetricScore = { value: number | boolean; reason?: string } | { error: string };

/**
 * Runs a metric on one item and checks what it returned: a finite number, a boolean, or
 * `{ score, reason? }` with such a score. Throws, rejections and anything else become `{ error }`, and so does a
 * metric that takes longer than `timeoutMs` (a MetricTimeoutError naming the metric and the limit): an async one is
 * not waited for past it; a synchronous one cannot be interrupted, so its score is judged when it returns. With
 * `held`, the synchronous time the metric took is added to the run's held time, and an async metric's answer that
 * arrived while other items' work held the thread is taken before its timeout (see deadline).
 * Returns synchronously when the metric does, so the common case allocates no promise.
 */
export function scoreMetric(
  metric: NamedMetric,
  output: unknown,
  expected: unknown,
  input: unknown,
  context: MetricContext,
  timeoutMs?: number,
  held?: HeldTime,
): MetricScore | Promise<MetricScore> {
  let result: MetricValue | PromiseLike<MetricValue>;
  const started = performance.now();
  try {
    result = metric.fn(output, expected, input, context);
    if (!isPromiseLike(result)) {
      const took = finishedSync(started, held);
      return timeoutMs !== undefined && took > timeoutMs ? timedOut(metric.name, timeoutMs) : toScore(result);
    }
  } catch (error) {
    const took = finishedSync(started, held);
    return timeoutMs !== undefined && took > timeoutMs ? timedOut(metric.name, timeoutMs) : { error: describeThrown(error) };
  }
  // The synchronous start of an async metric held the thread too.
  finishedSync(started, held);
  const heldSince = held ? held.since() : () => false;
  const scored = Promise.resolve(result).then(checkedScore, (error: unknown) => ({ error: describeThrown(error) }));
  return timeoutMs === undefined ? scored : withTimeout(scored, metric.name, timeoutMs, heldSince);
}

/** How long the metric's synchronous call took, added to the run's held time. */
function finishedSync(started: number, held: HeldTime | undefined): number {
  return held ? held.addSince(started) - started : performance.now() - started;
}

function timedOut(name: string, timeoutMs: number): MetricScore {
  return { error: describeThrown(new MetricTimeoutError(name, timeoutMs)) };
}

/** Settles with the metric's score, or with a timeout error once `timeoutMs` passes (see deadline). */
function withTimeout(scored: Promise<MetricScore>, name: string, timeoutMs: number, held: () => boolean): Promise<MetricScore> {
  return new Promise((resolve) => {
    const cancel = deadline(timeoutMs, held, () => resolve(timedOut(name, timeoutMs)));
    void scored.then((score) => {
      cancel();
      resolve(score);
    });
  });
}

function checkedScore(result: unknown): MetricScore {
  try {
    return toScore(result);
  } catch (error) {
    return { error: describeThrown(error) };
  }
}

function toScore(result: unknown): MetricScore {
  if (typeof result === 'boolean') return { value: result };
  if (typeof result === 'number') return Number.isFinite(result) ? { value: result } : { error: `metric returned ${result}` };
  if (typeof result === 'object' && result !== null && 'score' in result) {
    const { score, reason } = result as { score: unknown; reason?: unknown };
    if (typeof score !== 'boolean' && !(typeof score === 'number' && Number.isFinite(score))) {
      return { error: `metric returned a score of ${describeValue(score)}` };
    }
    if (reason === undefined || reason === null) return { value: score };
    // A reason that is not text (a number, an object of details) is kept as text: the score it came with is valid.
    return { value: score, reason: typeof reason === 'string' ? reason : reasonText(reason) };
  }
  return { error: `metric returned ${describeValue(result)}` };
}

/** A reason given as another value, as text: JSON for numbers, booleans, arrays and objects, else its string form. */
function reasonText(reason: unknown): string {
  try {
    const json = typeof reason === 'bigint' || typeof reason === 'symbol' || typeof reason === 'function' ? undefined : JSON.stringify(reason);
    return json ?? String(reason);
  } catch {
    // A cycle, a throwing toJSON or getter: what it was, not the value.
    return `(a reason that cannot be shown as text: ${Array.isArray(reason) ? 'an array' : 'an object'})`;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<MetricValue> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Longest metric error message kept (a metric's own error text can be arbitrarily long). */
const MAX_ERROR_CHARS = 2_000;

function describeThrown(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? `${String(error.name)}: ${String(error.message)}` : `metric threw ${describeValue(error)}`;
  } catch {
    text = 'metric threw a value that cannot be printed';
  }
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)})`;
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object without a number or boolean score';
  return `a ${typeof value}`;
}
