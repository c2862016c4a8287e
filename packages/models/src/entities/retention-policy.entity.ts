import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How long a project's finished runs are kept. A policy may name a project that has no runs yet (so no foreign key
 * to projects). Running runs are never deleted by a policy.
 */
@Entity({ name: 'retention_policies' })
@Check('CHK_retention_policies_max_age', `"max_age_days" >= 1`)
export class RetentionPolicy {
  @PrimaryColumn({ name: 'project_id', type: 'varchar', length: 128, primaryKeyConstraintName: 'PK_retention_policies' })
  projectId!: string;

  /** Runs created more than this many days ago are deleted. */
  @Column({ name: 'max_age_days', type: 'integer' })
  maxAgeDays!: number;

  /** JSON text of the finished statuses the policy deletes, or null for every finished status. */
  @Column({ type: 'text', nullable: true })
  statuses!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'varchar', length: 255 })
  updatedBy!: string;
}
