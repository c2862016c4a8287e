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
  return lerp(sorted[lo]!, sorted[hi]!, pos - lo);
}

/**
 * a + (b - a) * t for t in [0, 1]; finite for any finite a and b. b - a overflows when a and b are huge with opposite
 * signs (-1e308 and 1e308), and Infinity * 0 is NaN, so that case takes the convex combination, which stays within
 * [a, b]. The usual form is kept otherwise: it is exact at t = 0 and what numpy computes.
 */
function lerp(a: number, b: number, t: number): number {
  if (t === 0) return a;
  const diff = b - a;
  return Number.isFinite(diff) ? a + diff * t : a * (1 - t) + b * t;
}

/**
 * Sums beyond the largest double (about 1.8e308) overflow to Infinity. Samples holding values above SCALE_ABOVE are
 * summed divided by SCALE, an exact power of two, so every sum and square stays finite and the result is the same as
 * unscaled arithmetic would give with unlimited range (scaling by a power of two commutes with rounding). Values
 * below 2^-474 then underflow, which changes nothing next to a value above 2^400.
 */
const SCALE_ABOVE = 2 ** 400;
const SCALE = 2 ** 600;

/**
 * The mean of `values` (not empty), lowest..highest being their range: summed divided by SCALE when they reach beyond
 * SCALE_ABOVE, and kept within their range, which rounding could otherwise leave by one unit (and overflow at ±max).
 */
function meanWithin(values: ArrayLike<number>, lowest: number, highest: number): number {
  const scale = Math.max(-lowest, highest) > SCALE_ABOVE ? SCALE : 1;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! / scale;
  return Math.min(highest, Math.max(lowest, (sum / values.length) * scale));
}

/** The arithmetic mean of `values`; NaN when there are none. Finite for any finite values, even near ±1.8e308. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = 0; i < n; i++) {
    lowest = Math.min(lowest, values[i]!);
    highest = Math.max(highest, values[i]!);
  }
  return meanWithin(values, lowest, highest);
}

/** Mean, median, sample standard deviation, extremes and percentiles; null for an empty sample. */
export function summarize(values: Float64Array | number[]): Summary | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mean = meanWithin(sorted, sorted[0]!, sorted[n - 1]!);
  // Deviations squared overflow from about 1e154: scaled like the mean's sum.
  const scale = Math.max(-sorted[0]!, sorted[n - 1]!) > SCALE_ABOVE ? SCALE : 1;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (sorted[i]! / scale - mean / scale) ** 2;
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    count: n,
    mean,
    median: q(0.5),
    // Infinity only when the deviation itself is beyond the largest double (values near -1.8e308 and 1.8e308).
    stdDev: n > 1 ? Math.sqrt(squares / (n - 1)) * scale : 0,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    percentiles: { p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9), p95: q(0.95), p99: q(0.99) },
  };
}

/**
 * Equal-width histogram over [min, max]; the last bin includes max. One bin when all values are equal. Edges stay
 * finite for any finite min and max.
 */
export function histogram(values: ArrayLike<number>, min: number, max: number, bins = 10): Histogram {
  if (values.length === 0) return { edges: [], counts: [] };
  if (min === max) return { edges: [min, max], counts: [values.length] };
  // max - min overflows when both are huge with opposite signs: then bins are found on halved values (exact).
  const half = Number.isFinite(max - min) ? 1 : 0.5;
  const width = (max * half - min * half) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const bin = Math.max(0, Math.min(bins - 1, Math.floor((values[i]! * half - min * half) / width)));
    counts[bin]!++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : half === 1 ? min + i * width : lerp(min, max, i / bins)));
  return { edges, counts };
}
