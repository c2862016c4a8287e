import type { DataSource } from 'typeorm';
import { EvaluationRun } from '@llm-eval/models';
import { applyRunFilters, encodeText, type SqlDialect } from '@llm-eval/storage';
import { HAS_ITEMS } from './compile-run-filter';
import { ParamNames } from './sql-params';

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
  /** Buckets in UTC; weeks start on Monday. Default 'day'. */
  bucket?: 'day' | 'week';
  /** Only completed runs count (default true). */
  completedOnly?: boolean;
}

/** One bucket of a trend: the mean of the runs' metric means, the range, and how many runs. */
export interface TrendPoint {
  /** Start of the bucket (UTC midnight). */
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
  const p = new ParamNames();
  const bucket = bucketSql(dialect, o.bucket ?? 'day');
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
    .addSelect(`AVG(${value})`, 'mean')
    .addSelect(`MIN(${value})`, 'min')
    .addSelect(`MAX(${value})`, 'max')
    .addSelect('COUNT(*)', 'runs')
    .groupBy(bucket)
    .orderBy(bucket, 'ASC')
    .setParameters({ ...qb.getParameters(), ...p.values })
    .getRawMany<{ bucket: string | Date; mean: number | string; min: number | string; max: number | string; runs: number | string }>();
  return rows.map((r) => ({
    bucket: r.bucket instanceof Date ? new Date(Date.UTC(r.bucket.getFullYear(), r.bucket.getMonth(), r.bucket.getDate())) : new Date(`${r.bucket}T00:00:00Z`),
    mean: Number(r.mean),
    min: Number(r.min),
    max: Number(r.max),
    runs: Number(r.runs),
  }));
}
