import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Project } from './project.entity';
import { RUN_STATUSES, sqlInList, type RunStatus } from '../status';
import { BIGINT_AS_NUMBER } from '../bigint-as-number';

/**
 * One evaluation run: a task evaluated over a dataset with a set of metrics.
 * Index names are referenced by the storage layer's queries; see docs in the storage package.
 */
@Entity({ name: 'evaluation_runs' })
@Check('CHK_runs_status', `"status" IN (${sqlInList(RUN_STATUSES)})`)
@Check('CHK_runs_success_rate', `"success_rate" >= 0 AND "success_rate" <= 1`)
@Check(
  'CHK_runs_counts',
  `"total_items" >= 0 AND "successful_items" >= 0 AND "failed_items" >= 0 AND "successful_items" + "failed_items" <= "total_items"`,
)
@Check('CHK_runs_duration', `"duration_seconds" >= 0`)
@Check('CHK_runs_tokens_cost', `"total_tokens" >= 0 AND "total_cost" >= 0`)
@Check(
  'CHK_runs_response_times',
  `("avg_response_time" IS NULL OR "avg_response_time" >= 0) AND ("min_response_time" IS NULL OR "min_response_time" >= 0) AND ("max_response_time" IS NULL OR "max_response_time" >= 0)`,
)
// listRuns default order and keyset cursor: ORDER BY created_at DESC, id DESC. It also carries the average
// response time, so "slow runs last month" reads a time range's response times from the index alone.
@Index('IDX_runs_created_id', ['createdAt', 'id', 'avgResponseTime'])
// listRuns({ projectId }) newest first; project scoping in search
@Index('IDX_runs_project_created', ['projectId', 'createdAt'])
// listRuns({ projectId, status }) pages and their counts without reading the table ("failed runs in project x")
@Index('IDX_runs_project_status_created', ['projectId', 'status', 'createdAt'])
// listRuns({ status }) newest first ("failed runs from last week")
@Index('IDX_runs_status_created', ['status', 'createdAt'])
// listRuns({ datasetName, status })
@Index('IDX_runs_dataset_status', ['datasetName', 'status'])
// listRuns({ modelName }) newest first; metric trends per model
@Index('IDX_runs_model_created', ['modelName', 'createdAt'])
// listRuns({ createdBy }) newest first
@Index('IDX_runs_created_by_created', ['createdBy', 'createdAt'])
// "my failed runs": counts by (created_by, status) without reading the table
@Index('IDX_runs_created_by_status', ['createdBy', 'status'])
// listRuns sort=successRate (+ keyset tie-break on id); minSuccessRate/maxSuccessRate ranges
@Index('IDX_runs_success_rate_id', ['successRate', 'id'])
// listRuns sort=durationSeconds (+ keyset); minDuration/maxDuration ranges
@Index('IDX_runs_duration_id', ['durationSeconds', 'id'])
// listRuns sort=name (+ keyset)
@Index('IDX_runs_name_id', ['name', 'id'])
// listRuns sort=totalTokens / sort=totalCost (+ keyset); search's "top 10 by tokens", "cheapest 5"
@Index('IDX_runs_total_tokens_id', ['totalTokens', 'id'])
@Index('IDX_runs_total_cost_id', ['totalCost', 'id'])
// search: "slow"/"fast" runs by average response time
@Index('IDX_runs_avg_response_time', ['avgResponseTime'])
// Indexed case-insensitive text search over name, description, dataset name. It is an FTS5 trigram table on
// SQLite and a pg_trgm GIN expression index on PostgreSQL, both created by migrations, so TypeORM must not sync it.
@Index('IDX_runs_text_search', { synchronize: false })
// listRuns sort=durationSeconds (+ keyset) and duration bounds, unknown durations last: expression indexes of the keys
// each direction orders by (storage's duration-order.ts), created by a migration, so TypeORM must not sync them.
@Index('IDX_runs_duration_asc_key', { synchronize: false })
@Index('IDX_runs_duration_desc_key', { synchronize: false })
// The run's items refer to it by run_key
@Index('UQ_runs_run_key', ['runKey'], { unique: true })
export class EvaluationRun {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /**
   * A small whole number for the run, given when storage creates it, by which its items refer to it: an index entry
   * of a few bytes instead of a 36-character id in each of the items table's three indexes. Null only on a row
   * inserted by other means, until storage adds items to it. Not part of the public record.
   */
  @Column({ name: 'run_key', type: 'integer', nullable: true })
  runKey!: number | null;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'running' })
  status!: RunStatus;

  @Column({ name: 'project_id', type: 'varchar', length: 128, nullable: true })
  projectId!: string | null;

  @ManyToOne(() => Project, { onDelete: 'SET NULL', nullable: true, createForeignKeyConstraints: true })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'FK_runs_project' })
  project?: Project | null;

  @Column({ name: 'dataset_name', type: 'varchar', length: 255, nullable: true })
  datasetName!: string | null;

  @Column({ name: 'model_name', type: 'varchar', length: 255, nullable: true })
  modelName!: string | null;

  @Column({ name: 'model_version', type: 'varchar', length: 255, nullable: true })
  modelVersion!: string | null;

  @Column({ name: 'task_type', type: 'varchar', length: 64, nullable: true })
  taskType!: string | null;

  @Column({ name: 'metrics_used', type: 'jsonb', default: () => "'[]'" })
  metricsUsed!: string[];

  // json, not jsonb: PostgreSQL keeps the object's keys in the order they were given (jsonb sorts them).
  @Column({ name: 'metric_configs', type: 'json', nullable: true })
  metricConfigs!: Record<string, unknown> | null;

  @Column({ type: 'json', nullable: true })
  config!: Record<string, unknown> | null;

  @Column({ type: 'json', nullable: true })
  environment!: Record<string, unknown> | null;

  /** Also mirrored row-per-tag in `run_tags`, which is what tag filters query through an index. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags!: string[];

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'duration_seconds', type: 'double precision', default: 0 })
  durationSeconds!: number;

  @Column({ name: 'total_items', type: 'integer', default: 0 })
  totalItems!: number;

  @Column({ name: 'successful_items', type: 'integer', default: 0 })
  successfulItems!: number;

  @Column({ name: 'failed_items', type: 'integer', default: 0 })
  failedItems!: number;

  @Column({ name: 'success_rate', type: 'double precision', default: 0 })
  successRate!: number;

  @Column({ name: 'avg_response_time', type: 'double precision', nullable: true })
  avgResponseTime!: number | null;

  @Column({ name: 'min_response_time', type: 'double precision', nullable: true })
  minResponseTime!: number | null;

  @Column({ name: 'max_response_time', type: 'double precision', nullable: true })
  maxResponseTime!: number | null;

  /** bigint on PostgreSQL (a million items of 2,148 tokens pass int32), read back as a number (exact to 2^53). */
  @Column({ name: 'total_tokens', type: 'bigint', default: 0, transformer: BIGINT_AS_NUMBER })
  totalTokens!: number;

  @Column({ name: 'total_cost', type: 'double precision', default: 0 })
  totalCost!: number;

  /** Host name of the process writing the run; null for imported runs and runs written before schema version 2. */
  @Column({ name: 'writer_host', type: 'varchar', length: 255, nullable: true })
  writerHost!: string | null;

  /** Process id of the writer on `writerHost`; with the heartbeat it tells a live run from an abandoned one. */
  @Column({ name: 'writer_pid', type: 'integer', nullable: true })
  writerPid!: number | null;

  /** Last time the writer said it is alive (set at creation, refreshed every few seconds while running). */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  /** Why the run ended with its status when that is not evident, e.g. how an interrupted run was recovered. */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;
}
