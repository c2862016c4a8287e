import { StatsArgumentError } from './errors';
import { fsum } from './fsum';

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
  /** How many values were NaN or ±Infinity, which are in no bin; present only when there were some. */
  nonFinite?: number;
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
  // Outside 0..1 the index left the array and the result was undefined (numpy refuses such a q too).
  if (!(q >= 0 && q <= 1)) throw new StatsArgumentError(`q must be a fraction between 0 and 1 (0.95 for the 95th percentile), got ${q}`);
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
 * The power of two nearest below the largest magnitude of a sample (1 for an all-zero one). Sums and squares of
 * values divided by it stay far from overflow (values near ±1.8e308) and from underflow (values near 1e-200, whose
 * squared deviations would otherwise vanish), and dividing by a power of two is exact, so for ordinary samples every
 * result is the same as unscaled arithmetic gives.
 * @internal
 */
export function scaleOf(lowest: number, highest: number): number {
  const largest = Math.max(-lowest, highest);
  if (!(largest > 0) || !Number.isFinite(largest)) return 1;
  // log2 of the largest doubles rounds up to 1024 (2^1024 is Infinity): the exponent is kept within a double's.
  return 2 ** Math.min(1023, Math.max(-1074, Math.floor(Math.log2(largest))));
}

/**
 * The mean of `values` (not empty), lowest..highest being their range, kept within it (rounding could otherwise leave
 * it by one unit). The values are summed exactly (fsum, rounded once) and divided by their count, as Python's
 * statistics.fmean does, whatever the signs, magnitudes and count.
 * @internal
 */
export function meanWithin(values: ArrayLike<number>, lowest: number, highest: number): number {
  const scale = scaleOf(lowest, highest);
  // Exact (as math.fsum), for values of one sign too: a naive sum of 100,000 values of 1e12 + {0..3} rounds each
  // addition to the sum's ulp (16 near 1e17), and the mean came out as 1e12 instead of 1e12 + 1.5.
  const sum = fsum(values, scale);
  // Unscaled before dividing when that is finite: a small sum of huge values is subnormal while scaled.
  const total = sum * scale;
  const mean = Number.isFinite(total) ? total / values.length : (sum / values.length) * scale;
  return Math.min(highest, Math.max(lowest, mean));
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

/**
 * Mean, median, sample standard deviation, extremes and percentiles; null for an empty sample.
 *
 * A sample holding a NaN has no order: every statistic is NaN, as numpy's (a typed-array sort puts NaN last, so the
 * median and lower percentiles of [NaN, 1, 2] came out as numbers beside a NaN mean). Infinities are ordered: min and
 * max are them, a percentile between a finite value and an infinity is that infinity (np.median's value; np.percentile
 * gives NaN there, from ∞ · 0 in its interpolation), one between -Infinity and Infinity is NaN, and the standard
 * deviation is NaN (∞ − ∞), as numpy's.
 */
export function summarize(values: Float64Array | number[]): Summary | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  if (Number.isNaN(sorted[n - 1]!)) {
    const nan = Number.NaN;
    return { count: n, mean: nan, median: nan, stdDev: nan, min: nan, max: nan, percentiles: { p25: nan, p50: nan, p75: nan, p90: nan, p95: nan, p99: nan } };
  }
  const mean = meanWithin(sorted, sorted[0]!, sorted[n - 1]!);
  // Deviations squared overflow from about 1e154 and underflow below about 1e-154: scaled like the mean's sum.
  const scale = scaleOf(sorted[0]!, sorted[n - 1]!);
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
 * Equal-width histogram over [min, max]; the last bin includes max, and a finite value outside [min, max] counts in
 * the nearest end bin. One bin when min equals max. Edges stay finite for any finite min and max.
 *
 * NaN and ±Infinity are in no bin (a NaN indexed a "NaN" property onto `counts`): they are counted in `nonFinite`
 * instead. numpy.histogram with a range leaves them out too, but silently; it raises ValueError only when it has to
 * find the range from them. They are counted rather than refused because this package lets a non-finite sample show
 * in its result (a NaN mean, a NaN p-value) instead of failing. A range that is not finite, or not a range, and a
 * bin count that is not a positive integer are argument errors, as they are for numpy ("supplied range of [0, inf]
 * is not finite"): no bin could be found for any value.
 */
export function histogram(values: ArrayLike<number>, min: number, max: number, bins = 10): Histogram {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) {
    throw new StatsArgumentError(`min and max must be finite numbers with min <= max (the sample's extremes), got ${min} and ${max}`);
  }
  if (!(Number.isInteger(bins) && bins >= 1)) throw new StatsArgumentError(`bins must be a positive integer, got ${bins}`);
  if (values.length === 0) return { edges: [], counts: [] };
  let nonFinite = 0;
  const result = (edges: number[], counts: number[]): Histogram => (nonFinite === 0 ? { edges, counts } : { edges, counts, nonFinite });
  if (min === max) {
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) nonFinite++;
    return result([min, max], [values.length - nonFinite]);
  }
  // max - min overflows when both are huge with opposite signs: then bins are found on halved values (exact).
  const half = Number.isFinite(max - min) ? 1 : 0.5;
  const width = (max * half - min * half) / bins;
  // min + i * width is numpy.linspace's edge (i * step + start, the last one set to stop).
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : half === 1 ? min + i * width : lerp(min, max, i / bins)));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) {
      nonFinite++;
      continue;
    }
    let bin = Math.max(0, Math.min(bins - 1, Math.floor((value * half - min * half) / width)));
    // The quotient is rounded, so a value on an edge could land a bin low (0.5 with edges 0.2 + 3 · 0.1 = 0.5 went to
    // bin 2): corrected against the edges reported, as numpy.histogram does, so bin i holds edges[i] <= v < edges[i + 1].
    while (bin > 0 && value < edges[bin]!) bin--;
    while (bin < bins - 1 && value >= edges[bin + 1]!) bin++;
    counts[bin]!++;
  }
  return result(edges, counts);
}
