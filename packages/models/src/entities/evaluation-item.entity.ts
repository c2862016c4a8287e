import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EvaluationRun } from './evaluation-run.entity';
import { ITEM_STATUSES, sqlAnyOf, type ItemStatus } from '../status';

/** One dataset item evaluated within a run, with its output, status, timing and metric scores. */
@Entity({ name: 'evaluation_items' })
// Not IN (…): see sqlAnyOf. PostgreSQL databases keep the equivalent IN form their first migration gave them.
@Check('CHK_items_status', sqlAnyOf('status', ITEM_STATUSES))
@Check('CHK_items_sequence', `"sequence_number" >= 0`)
@Check(
  'CHK_items_non_negative',
  `("response_time" IS NULL OR "response_time" >= 0) AND ("tokens_used" IS NULL OR "tokens_used" >= 0) AND ("cost" IS NULL OR "cost" >= 0)`,
)
// The run is named by its run_key (evaluation_runs.run_key), not its 36-character id: every index below starts with
// it, and a whole number makes each index entry, and each row, 30-odd bytes smaller (SQLite stores ~25% faster).
// addItems duplicate detection; getItem(runId, itemId); comparisons pair items by item id
@Index('UQ_items_run_item', ['runKey', 'itemId'], { unique: true })
// listItems default order and keyset cursor
@Index('IDX_items_run_sequence', ['runKey', 'sequenceNumber'])
// listItems({ status: 'failed' }) and the failed-items view. Partial: completed items (nearly all of them) are not
// indexed, which keeps bulk ingestion fast; queries for other statuses repeat the condition so both databases use it.
@Index('IDX_items_run_status', ['runKey', 'status'], { where: `"status" <> 'completed'` })
export class EvaluationItem {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** The run's run_key; its id is `run.id`. */
  @Column({ name: 'run_key', type: 'integer' })
  runKey!: number;

  @ManyToOne(() => EvaluationRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_key', referencedColumnName: 'runKey', foreignKeyConstraintName: 'FK_items_run' })
  run?: EvaluationRun;

  @Column({ name: 'item_id', type: 'varchar', length: 255 })
  itemId!: string;

  @Column({ name: 'sequence_number', type: 'integer' })
  sequenceNumber!: number;

  // json, not jsonb: PostgreSQL keeps the object's keys in the order they were given (jsonb sorts them).
  @Column({ type: 'json', nullable: true })
  input!: unknown;

  @Column({ name: 'expected_output', type: 'text', nullable: true })
  expectedOutput!: string | null;

  @Column({ name: 'actual_output', type: 'text', nullable: true })
  actualOutput!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'completed' })
  status!: ItemStatus;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'error_type', type: 'varchar', length: 255, nullable: true })
  errorType!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Seconds. */
  @Column({ name: 'response_time', type: 'double precision', nullable: true })
  responseTime!: number | null;

  @Column({ name: 'tokens_used', type: 'integer', nullable: true })
  tokensUsed!: number | null;

  @Column({ type: 'double precision', nullable: true })
  cost!: number | null;

  /** Metric name to score; booleans are stored as 1/0. jsonb: queried by metric name (keys come back sorted). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  scores!: Record<string, number>;

  @Column({ type: 'json', nullable: true })
  metadata!: Record<string, unknown> | null;

  @Column({ name: 'trace_id', type: 'varchar', length: 255, nullable: true })
  traceId!: string | null;
}
