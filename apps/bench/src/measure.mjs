// Timing helpers: a monotonic clock, median and percentiles, repeated timings.

/** Milliseconds from a monotonic clock. */
export function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The p-th percentile (0..100) of numbers, linear interpolation between closest ranks. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** The median of numbers. */
export function median(values) {
  return percentile(values, 50);
}

/** Rounds to `digits` decimals (for printing and the JSON file). */
export function round(value, digits = 2) {
  if (value === null || value === undefined) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Runs `fn` once and returns its duration in ms and its result. */
export async function timeOnce(fn) {
  const start = nowMs();
  const result = await fn();
  return { ms: nowMs() - start, result };
}

/** Runs `fn` `warmup` times untimed, then `repetitions` times timed; returns p50/p95/min/max/mean in ms. */
export async function timeRepeated(fn, { repetitions, warmup = 5 }) {
  let last;
  for (let i = 0; i < warmup; i++) last = await fn();
  const samples = new Array(repetitions);
  for (let i = 0; i < repetitions; i++) {
    const start = nowMs();
    last = await fn();
    samples[i] = nowMs() - start;
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    repetitions,
    p50: round(percentile(samples, 50), 3),
    p95: round(percentile(samples, 95), 3),
    min: round(Math.min(...samples), 3),
    max: round(Math.max(...samples), 3),
    mean: round(mean, 3),
    last,
  };
}
