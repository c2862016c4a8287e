/** Percentiles of a sample (linear interpolation). */
export interface Percentiles {
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
}

/** Equal-width histogram: `edges` has one more entry than `counts`. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Summary statistics of a sample. */
export interface Summary {
  count: number;
  mean: number;
  median: number;
  /** Sample standard deviation (n - 1), 0 for a single value. */
  stdDev: number;
  min: number;
  max: number;
  percentiles: Percentiles;
}

/** The q-quantile (0..1) of ascending `sorted` by linear interpolation (numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The arithmetic mean of `values`; NaN when there are none. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  return sum / n;
}

/** Mean, median, sample standard deviation, extremes and percentiles; null for an empty sample. */
export function summarize(values: Float64Array | number[]): Summary | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (sorted[i]! - mean) ** 2;
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    count: n,
    mean,
    median: q(0.5),
    stdDev: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    percentiles: { p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9), p95: q(0.95), p99: q(0.99) },
  };
}

/** Equal-width histogram over [min, max]; the last bin includes max. One bin when all values are equal. */
export function histogram(values: ArrayLike<number>, min: number, max: number, bins = 10): Histogram {
  if (values.length === 0) return { edges: [], counts: [] };
  if (min === max) return { edges: [min, max], counts: [values.length] };
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const bin = Math.min(bins - 1, Math.floor((values[i]! - min) / width));
    counts[bin]!++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  return { edges, counts };
}
