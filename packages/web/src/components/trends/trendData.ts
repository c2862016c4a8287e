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

/** Run-list filters (GET /runs names) selecting the completed runs of one bucket of a trend. */
export function bucketRunFilters(filters: TrendFilters, bucket: string): Record<string, string> {
  const { start, end } = bucketRange(bucket, filters.bucket);
  const params: Record<string, string> = { status: 'completed', createdAfter: start, createdBefore: end };
  if (filters.project) params.project = filters.project;
  if (filters.dataset) params.dataset = filters.dataset;
  if (filters.model) params.model = filters.model;
  return params;
}

/** The runs page URL listing the runs of one bucket (same project/dataset/model, the bucket's time range). */
export function bucketRunsHref(filters: TrendFilters, bucket: string): string {
  return `/?${new URLSearchParams(bucketRunFilters(filters, bucket)).toString()}`;
}

/** Whether a run counts towards a trend of `metric` (success_rate is every completed run's). */
export function runHasMetric(run: { metricsUsed: string[] }, metric: string): boolean {
  return metric === 'success_rate' || metric === 'successRate' || run.metricsUsed.includes(metric);
}
