import type { DataSource } from 'typeorm';
import { EvaluationRun } from '@llm-eval/models';
import { applyRunFilters, encodeText, isStorableDate, ParameterBinder, STORABLE_DATE_RULE, type SqlDialect } from '@llm-eval/storage';
import { HAS_ITEMS } from './compile-run-filter';
import { mergeIntoBuckets, quarterHourSql } from './zone-buckets';
import { SearchError } from '../errors';
import { isValidTimeZone } from '../query/time-zone';

/** Options of getMetricTrend. `metric` may be a metric name or `success_rate`. */
export interface MetricTrendOptions {
  metric: string;
  projectId?: string;
  /** Only runs of these projects (an access scope; a run without a project is outside it). */
  projectIds?: string[];
  datasetName?: string;
  modelName?: string;
  /** Only runs created at or after this time. */
  since?: Date;
  /** Days or weeks (starting on Monday) of `timeZone`. Default 'day'. */
  bucket?: 'day' | 'week';
  /** The IANA zone whose days the buckets are (a run created at 23:30 UTC is the next day in Berlin). Default UTC. */
  timeZone?: string;
  /** Only completed runs count (default true). */
  completedOnly?: boolean;
}

/** One bucket of a trend: the mean of the runs' metric means, the range, and how many runs. */
export interface TrendPoint {
  /** The bucket's first day (in the trend's zone) as UTC midnight of that date: its date is the day's. */
  bucket: Date;
  mean: number;
  min: number;
  max: number;
  runs: number;
}

function bucketSql(dialect: SqlDialect, bucket: 'day' | 'week'): string {
  if (dialect.kind === 'postgres') return `date_trunc('${bucket}', "r"."created_at" AT TIME ZONE 'UTC')`;
  // SQLite stores UTC text; "weekday 0" is the next Sunday, so -6 days is that week's Monday.
  return bucket === 'day' ? `date("r"."created_at")` : `date("r"."created_at", 'weekday 0', '-6 days')`;
}

/** Time series of a metric's mean per day or week, computed in SQL. @internal */
export async function metricTrend(dataSource: DataSource, dialect: SqlDialect, o: MetricTrendOptions): Promise<TrendPoint[]> {
  const p = new ParameterBinder('q');
  const zoned = o.timeZone !== undefined && o.timeZone !== 'UTC';
  if (zoned && !isValidTimeZone(o.timeZone!)) throw new SearchError(`unknown time zone "${o.timeZone}": give an IANA zone such as Europe/Berlin or UTC`);
  const bucket = zoned ? quarterHourSql(dialect) : bucketSql(dialect, o.bucket ?? 'day');
  // Before year 1 PostgreSQL fails ("timestamp out of range") and SQLite compares a mangled text (-2974 as "2974-…").
  if (o.since !== undefined && !(o.since instanceof Date && isStorableDate(o.since))) {
    throw new SearchError(`The trend's "since" ${STORABLE_DATE_RULE}; give a later date or a shorter age.`);
  }
  const qb = dataSource.getRepository(EvaluationRun).createQueryBuilder('r');
  applyRunFilters(qb, { projectId: o.projectId, projectIds: o.projectIds, datasetName: o.datasetName, modelName: o.modelName, createdAfter: o.since }, dialect);
  if (o.completedOnly !== false) qb.andWhere(`"r"."status" = 'completed'`);
  let value: string;
  if (o.metric === 'success_rate' || o.metric === 'successRate') {
    value = '"r"."success_rate"';
    // A run without items has no success rate: its stored 0 would pull the day's mean down.
    qb.andWhere(HAS_ITEMS);
  } else {
    qb.innerJoin('run_metrics', 'm', `"m"."run_id" = "r"."id" AND "m"."metric_name" = ${p.bind(encodeText(o.metric))}`);
    qb.andWhere('"m"."mean" IS NOT NULL');
    value = '"m"."mean"';
  }
  const rows = await qb
    .select(bucket, 'bucket')
    .addSelect(zoned ? `SUM(${value})` : `AVG(${value})`, 'mean')
    .addSelect(`MIN(${value})`, 'min')
    .addSelect(`MAX(${value})`, 'max')
    .addSelect('COUNT(*)', 'runs')
    .groupBy(bucket)
    .orderBy(bucket, 'ASC')
    .setParameters({ ...qb.getParameters(), ...p.values })
    .getRawMany<{ bucket: string | Date; mean: number | string; min: number | string; max: number | string; runs: number | string }>();
  if (zoned) {
    const quarters = rows.map((r) => ({ quarter: String(r.bucket), sum: Number(r.mean), count: Number(r.runs), min: Number(r.min), max: Number(r.max) }));
    return mergeIntoBuckets(quarters, o.timeZone!, o.bucket ?? 'day').map((b) => ({
      bucket: b.bucket,
      mean: b.sum / b.count,
      min: b.min,
      max: b.max,
      runs: b.count,
    }));
  }
  return rows.map((r) => ({
    bucket: r.bucket instanceof Date ? new Date(Date.UTC(r.bucket.getFullYear(), r.bucket.getMonth(), r.bucket.getDate())) : new Date(`${r.bucket}T00:00:00Z`),
    mean: Number(r.mean),
    min: Number(r.min),
    max: Number(r.max),
    runs: Number(r.runs),
  }));
}
