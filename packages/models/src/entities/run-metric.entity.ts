import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EvaluationRun } from './evaluation-run.entity';
import { METRIC_TYPES, sqlInList, type MetricType } from '../status';

/** Percentiles of a metric's scores within a run. */
export interface MetricPercentiles {
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
}

/** Equal-width histogram: `edges` has one more entry than `counts`. */
export interface MetricHistogram {
  edges: number[];
  counts: number[];
}

/** Aggregate statistics of one metric over one run's items. */
@Entity({ name: 'run_metrics' })
@Check('CHK_run_metrics_type', `"metric_type" IN (${sqlInList(METRIC_TYPES)})`)
@Check(
  'CHK_run_metrics_counts',
  `"total_evaluated" >= 0 AND "successful_evaluations" >= 0 AND "failed_evaluations" >= 0`,
)
// getRunMetrics(runId); one row per metric per run
@Index('UQ_run_metrics_run_metric', ['runId', 'metricName'], { unique: true })
// search "accuracy >= 0.9", "top 10 by exact_match", metric trends
@Index('IDX_run_metrics_name_mean', ['metricName', 'mean'])
export class RunMetric {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => EvaluationRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_run_metrics_run' })
  run?: EvaluationRun;

  @Column({ name: 'metric_name', type: 'varchar', length: 255 })
  metricName!: string;

  @Column({ name: 'metric_type', type: 'varchar', length: 16, default: 'numeric' })
  metricType!: MetricType;

  @Column({ type: 'double precision', nullable: true })
  mean!: number | null;

  @Column({ type: 'double precision', nullable: true })
  median!: number | null;

  @Column({ name: 'std_dev', type: 'double precision', nullable: true })
  stdDev!: number | null;

  @Column({ type: 'double precision', nullable: true })
  min!: number | null;

  @Column({ type: 'double precision', nullable: true })
  max!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  percentiles!: MetricPercentiles | null;

  @Column({ type: 'jsonb', nullable: true })
  histogram!: MetricHistogram | null;

  @Column({ name: 'total_evaluated', type: 'integer', default: 0 })
  totalEvaluated!: number;

  @Column({ name: 'successful_evaluations', type: 'integer', default: 0 })
  successfulEvaluations!: number;

  @Column({ name: 'failed_evaluations', type: 'integer', default: 0 })
  failedEvaluations!: number;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt!: Date;
}
