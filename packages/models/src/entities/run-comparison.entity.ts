import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EvaluationRun } from './evaluation-run.entity';

/** A cached comparison of two runs, keyed by the ordered pair and a fingerprint of the options. */
@Entity({ name: 'run_comparisons' })
@Check('CHK_comparisons_distinct_runs', `"run1_id" <> "run2_id"`)
// getComparison(run1, run2, options): one cached result per ordered pair and options
@Index('UQ_comparisons_pair_options', ['run1Id', 'run2Id', 'optionsFingerprint'], { unique: true })
// cascade delete and "comparisons involving run X" from the second side
@Index('IDX_comparisons_run2', ['run2Id'])
export class RunComparison {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'run1_id', type: 'uuid' })
  run1Id!: string;

  @ManyToOne(() => EvaluationRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run1_id', foreignKeyConstraintName: 'FK_comparisons_run1' })
  run1?: EvaluationRun;

  @Column({ name: 'run2_id', type: 'uuid' })
  run2Id!: string;

  @ManyToOne(() => EvaluationRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run2_id', foreignKeyConstraintName: 'FK_comparisons_run2' })
  run2?: EvaluationRun;

  /** Hash of the comparison options (and of both runs' contents), so changed inputs miss the cache. */
  @Column({ name: 'options_fingerprint', type: 'varchar', length: 128 })
  optionsFingerprint!: string;

  @Column({ type: 'jsonb' })
  result!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;
}
