import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { EvaluationRun } from './evaluation-run.entity';

/** One tag of one run: the indexed form of `EvaluationRun.tags`, written with it in one transaction. */
@Entity({ name: 'run_tags' })
// listRuns({ tags }) / "tagged nightly": runs carrying a tag
@Index('IDX_run_tags_tag_run', ['tag', 'runId'])
export class RunTag {
  @PrimaryColumn({ name: 'run_id', type: 'uuid', primaryKeyConstraintName: 'PK_run_tags' })
  runId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'PK_run_tags' })
  tag!: string;

  @ManyToOne(() => EvaluationRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_run_tags_run' })
  run?: EvaluationRun;
}
