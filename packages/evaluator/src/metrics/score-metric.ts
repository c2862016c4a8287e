import { MetricTimeoutError } from '../errors';
import type { MetricValue, NamedMetric, MetricContext } from '../types';

/** One metric's verdict on one item: a value (with an optional reason) or why there is none. */
export type MetricScore = { value: number | boolean; reason?: string } | { error: string };

/**
 * Runs a metric on one item and checks what it returned: a finite number, a boolean, or
 * `{ score, reason? }` with such a score. Throws, rejections and anything else become `{ error }`, and so does an
 * async metric still pending after `timeoutMs` (a MetricTimeoutError naming the metric and the limit).
 * Returns synchronously when the metric does, so the common case allocates no promise.
 */
export function scoreMetric(
  metric: NamedMetric,
  output: unknown,
  expected: unknown,
  input: unknown,
  context: MetricContext,
  timeoutMs?: number,
): MetricScore | Promise<MetricScore> {
  let result: MetricValue | PromiseLike<MetricValue>;
  try {
    result = metric.fn(output, expected, input, context);
    if (!isPromiseLike(result)) return toScore(result);
  } catch (error) {
    return { error: describeThrown(error) };
  }
  const scored = Promise.resolve(result).then(checkedScore, (error: unknown) => ({ error: describeThrown(error) }));
  return timeoutMs === undefined ? scored : withTimeout(scored, metric.name, timeoutMs);
}

/** Settles with the metric's score, or with a timeout error once `timeoutMs` passes (the timer is then cleared). */
function withTimeout(scored: Promise<MetricScore>, name: string, timeoutMs: number): Promise<MetricScore> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: describeThrown(new MetricTimeoutError(name, timeoutMs)) }), timeoutMs);
    void scored.then((score) => {
      clearTimeout(timer);
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
    if (typeof reason !== 'string') return { error: `metric returned a reason of ${describeValue(reason)}` };
    return { value: score, reason };
  }
  return { error: `metric returned ${describeValue(result)}` };
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
