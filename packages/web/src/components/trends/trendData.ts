import type { TrendJson } from '../../api/types';

export type TrendPoint = TrendJson['points'][number];
export type Bucket = 'day' | 'week';

/** The filters a trend is drawn for, as in the trends page URL. */
export interface TrendFilters {
  metric: string;
  project?: string;
  dataset?: string;
  model?: string;
  since: string;
  bucket: Bucket;
  /** The ISO time the trend starts at, as the API resolved `since` (an age such as 30d is counted back from then). */
  startsAt?: string;
}

/** One point as the chart draws it: x is the bucket start in ms (a time axis keeps gaps between buckets visible). */
export interface ChartPoint {
  x: number;
  bucket: string;
  mean: number;
  min: number;
  max: number;
  /** [min, max]: the band of the runs' means in the bucket. */
  range: [number, number];
  runs: number;
}

const DAY_MS = 86_400_000;

/** Milliseconds in one bucket. */
export function bucketMs(bucket: Bucket): number {
  return bucket === 'week' ? 7 * DAY_MS : DAY_MS;
}

/** The API's points (oldest first, YYYY-MM-DD buckets in UTC) as chart points. */
export function toChartPoints(points: readonly TrendPoint[]): ChartPoint[] {
  return points.map((p) => ({
    x: Date.parse(`${p.bucket}T00:00:00Z`),
    bucket: p.bucket,
    mean: p.mean,
    min: p.min,
    max: p.max,
    range: [p.min, p.max],
    runs: p.runs,
  }));
}

/** The UTC time range a bucket covers: [start, end) as ISO times. */
export function bucketRange(bucket: string, size: Bucket): { start: string; end: string } {
  const start = Date.parse(`${bucket}T00:00:00Z`);
  return { start: new Date(start).toISOString(), end: new Date(start + bucketMs(size)).toISOString() };
}

/** A bucket as people read it: "2026-12-01" for a day, "week of 2026-11-30" for a week. */
export function bucketLabel(bucket: string, size: Bucket): string {
  return size === 'week' ? `week of ${bucket}` : bucket;
}

/** Whether a trend is of the success rate (every completed run with items) rather than of a stored metric. */
function isSuccessRate(metric: string): boolean {
  return metric === 'success_rate' || metric === 'successRate';
}

/**
 * Run-list filters (GET /runs names) selecting exactly the runs one point of a trend counts: completed, of the trend's
 * project, dataset and model, created in the bucket but not before the trend starts, and with a mean of the metric.
 * GET /runs has no "has metric" filter; its `sort=metric:<name>` lists only the runs with a mean of that metric (as
 * the trend counts them), best first.
 */
export function bucketRunFilters(filters: TrendFilters, bucket: string): Record<string, string> {
  const { start, end } = bucketRange(bucket, filters.bucket);
  const startsAt = filters.startsAt ? Date.parse(filters.startsAt) : Number.NaN;
  const after = startsAt > Date.parse(start) ? new Date(startsAt).toISOString() : start;
  const params: Record<string, string> = { status: 'completed', createdAfter: after, createdBefore: end };
  if (filters.project) params.project = filters.project;
  if (filters.dataset) params.dataset = filters.dataset;
  if (filters.model) params.model = filters.model;
  if (!isSuccessRate(filters.metric)) params.sort = `metric:${filters.metric}:desc`;
  return params;
}

/** The runs page URL listing the runs of one point (its filters, time range and metric: see bucketRunFilters). */
export function bucketRunsHref(filters: TrendFilters, bucket: string): string {
  return `/?${new URLSearchParams(bucketRunFilters(filters, bucket)).toString()}`;
}

/** Whether a run counts towards a trend of `metric` (success_rate is every completed run's). */
export function runHasMetric(run: { metricsUsed: string[] }, metric: string): boolean {
  return isSuccessRate(metric) || run.metricsUsed.includes(metric);
}
