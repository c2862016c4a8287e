import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AUDIT_OUTCOMES, type AuditOutcome } from '../access';
import { sqlInList } from '../status';

/**
 * One row of the audit log: who did what, to what, when, and how it ended. Append-only in the database: triggers
 * (created by the storage migration) refuse every UPDATE, and every DELETE outside an audit prune.
 * `action` is not constrained by a CHECK so that new kinds of action need no migration; the storage layer only
 * writes the values of AUDIT_ACTIONS.
 */
@Entity({ name: 'audit_log' })
@Check('CHK_audit_log_outcome', `"outcome" IN (${sqlInList(AUDIT_OUTCOMES)})`)
// list() newest first, keyset on (at, id); prune({ before })
@Index('IDX_audit_log_at_id', ['at', 'id'])
// list({ actor }) newest first
@Index('IDX_audit_log_actor_at_id', ['actor', 'at', 'id'])
// list({ action }) newest first
@Index('IDX_audit_log_action_at_id', ['action', 'at', 'id'])
// list({ projectIds }) for an admin scoped to projects
@Index('IDX_audit_log_project_at_id', ['projectId', 'at', 'id'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'PK_audit_log' })
  id!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** Who acted: a token's subject, a proxy-asserted user, an OS user. */
  @Column({ type: 'varchar', length: 255 })
  actor!: string;

  /** One of AUDIT_ACTIONS. */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** What was acted on: `run`, `token`, `project`, `audit`. */
  @Column({ name: 'target_type', type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 255, nullable: true })
  targetId!: string | null;

  @Column({ name: 'project_id', type: 'varchar', length: 128, nullable: true })
  projectId!: string | null;

  /** The request's correlation id, to join the entry with request logs. */
  @Column({ name: 'correlation_id', type: 'varchar', length: 128, nullable: true })
  correlationId!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'success' })
  outcome!: AuditOutcome;

  /** JSON text of further details, or null. */
  @Column({ type: 'text', nullable: true })
  details!: string | null;
}
