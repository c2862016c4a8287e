import type { MetricValue, NamedMetric, MetricContext } from '../types';

/** One metric's verdict on one item: a value (with an optional reason) or why there is none. */
export type MetricScore = { value: number | boolean; reason?: string } | { error: string };

/**
 * Runs a metric on one item and checks what it returned: a finite number, a boolean, or
 * `{ score, reason? }` with such a score. Throws, rejections and anything else become `{ error }`.
 * Returns synchronously when the metric does, so the common case allocates no promise.
 */
export function scoreMetric(
  metric: NamedMetric,
  output: unknown,
  expected: unknown,
  input: unknown,
  context: MetricContext,
): MetricScore | Promise<MetricScore> {
  let result: MetricValue | Promise<MetricValue>;
  try {
    result = metric.fn(output, expected, input, context);
  } catch (error) {
    return { error: describeThrown(error) };
  }
  if (isPromiseLike(result)) {
    return Promise.resolve(result).then(toScore, (error: unknown) => ({ error: describeThrown(error) }));
  }
  return toScore(result);
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

function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `metric threw ${describeValue(error)}`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)})`;
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object without a number or boolean score';
  return `a ${typeof value}`;
}
