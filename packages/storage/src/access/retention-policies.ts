import type { DataSource } from 'typeorm';
import { RetentionPolicy } from '@llm-eval/models';
import { InvalidRetentionPolicyError } from '../errors';
import { projectIdSchema } from '../repositories/run-input.schema';
import { dialectOf, type SqlDialect } from '../repositories/sql-dialect';
import { inTransaction } from '../repositories/transaction';
import type {
  ApplyRetentionOptions,
  ApplyRetentionResult,
  AuditContext,
  FinishedRunStatus,
  RetentionPolicyInput,
  RetentionPolicyRecord,
} from './access-records';
import type { AuditLog } from './audit-log';
import { applyPolicy } from './retention-apply';
import { fitText } from './fit-text';
import { isStorableDate, STORABLE_DATE_RULE } from '../repositories/stored-date';

/** The statuses a policy may delete: every finished one, never `running`. */
export const FINISHED_RUN_STATUSES: readonly FinishedRunStatus[] = ['completed', 'failed', 'cancelled'];
const MAX_AGE_DAYS = 36_500;

function recordOf(row: RetentionPolicy): RetentionPolicyRecord {
  return {
    projectId: row.projectId,
    maxAgeDays: Number(row.maxAgeDays),
    statuses: row.statuses === null ? null : (JSON.parse(row.statuses) as FinishedRunStatus[]),
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

function checkProjectId(projectId: unknown): string {
  if (!projectIdSchema.safeParse(projectId).success) {
    throw new InvalidRetentionPolicyError(
      'A retention policy\'s project must be a project id: letters, digits, ".", "_" or "-" (at most 128).',
      'projectId',
    );
  }
  return projectId as string;
}

function checkAudit(audit: AuditContext): AuditContext {
  if (!audit || typeof audit.actor !== 'string' || audit.actor.length === 0) {
    throw new InvalidRetentionPolicyError('Retention changes are audited: give an audit context with a non-empty "actor".', 'audit');
  }
  return audit;
}

function checkInput(input: RetentionPolicyInput): { maxAgeDays: number; statuses: FinishedRunStatus[] | null } {
  const days = input?.maxAgeDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_AGE_DAYS) {
    throw new InvalidRetentionPolicyError(`Retention option "maxAgeDays" must be a whole number of days from 1 to ${MAX_AGE_DAYS}.`, 'maxAgeDays');
  }
  const statuses = input.statuses ?? null;
  if (statuses === null) return { maxAgeDays: days, statuses: null };
  if (!Array.isArray(statuses) || statuses.length === 0 || statuses.some((s) => !FINISHED_RUN_STATUSES.includes(s))) {
    throw new InvalidRetentionPolicyError(
      `Retention option "statuses" must be a non-empty list of ${FINISHED_RUN_STATUSES.join(', ')} (running runs are never deleted), or null for all of them.`,
      'statuses',
    );
  }
  return { maxAgeDays: days, statuses: FINISHED_RUN_STATUSES.filter((s) => statuses.includes(s)) };
}

/** Per-project retention policies: how long finished runs are kept, and applying them (each deletion audited). */
export class RetentionPolicies {
  private readonly dialect: SqlDialect;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {
    this.dialect = dialectOf(dataSource);
  }

  /** Sets (or replaces) a project's policy; audited as `retention.set`. */
  async set(projectId: string, input: RetentionPolicyInput, audit: AuditContext): Promise<RetentionPolicyRecord> {
    const id = checkProjectId(projectId);
    const policy = checkInput(input);
    const context = checkAudit(audit);
    const row: RetentionPolicy = {
      projectId: id,
      maxAgeDays: policy.maxAgeDays,
      statuses: policy.statuses === null ? null : JSON.stringify(policy.statuses),
      updatedAt: new Date(),
      updatedBy: fitText(context.actor, 255),
    };
    await inTransaction(this.dataSource, async (manager) => {
      const previous = await manager.findOne(RetentionPolicy, { where: { projectId: id } });
      await manager.upsert(RetentionPolicy, row, ['projectId']);
      await this.audit.append(
        {
          actor: context.actor,
          action: 'retention.set',
          targetType: 'project',
          targetId: id,
          projectId: id,
          correlationId: context.correlationId,
          details: { ...policy, previous: previous ? { maxAgeDays: Number(previous.maxAgeDays), statuses: recordOf(previous).statuses } : null },
        },
        manager,
      );
    });
    return recordOf(row);
  }

  /** Removes a project's policy; audited as `retention.cleared`. Returns false (and audits nothing) when there was none. */
  async clear(projectId: string, audit: AuditContext): Promise<boolean> {
    const id = checkProjectId(projectId);
    const context = checkAudit(audit);
    return inTransaction(this.dataSource, async (manager) => {
      const previous = await manager.findOne(RetentionPolicy, { where: { projectId: id } });
      if (!previous) return false;
      await manager.delete(RetentionPolicy, { projectId: id });
      const { maxAgeDays, statuses } = recordOf(previous);
      await this.audit.append(
        {
          actor: context.actor,
          action: 'retention.cleared',
          targetType: 'project',
          targetId: id,
          projectId: id,
          correlationId: context.correlationId,
          details: { previous: { maxAgeDays, statuses } },
        },
        manager,
      );
      return true;
    });
  }

  /** A project's policy, or null. */
  async get(projectId: string): Promise<RetentionPolicyRecord | null> {
    if (!projectIdSchema.safeParse(projectId).success) return null;
    const row = await this.dataSource.getRepository(RetentionPolicy).findOne({ where: { projectId } });
    return row ? recordOf(row) : null;
  }

  /** Every policy, by project id. */
  async list(): Promise<RetentionPolicyRecord[]> {
    const rows = await this.dataSource.getRepository(RetentionPolicy).find({ order: { projectId: 'ASC' } });
    return rows.map(recordOf);
  }

  /**
   * Deletes, for each policy, its project's finished runs (of the policy's statuses; never running ones) created
   * more than maxAgeDays before `now`, each with its items, metrics, tags and comparisons, and each audited as
   * `run.pruned` in the transaction that deletes it. With `dryRun`, deletes nothing and reports what it would delete.
   */
  async apply(options: ApplyRetentionOptions): Promise<ApplyRetentionResult> {
    const context = checkAudit(options?.audit);
    const now = options.now ?? new Date();
    if (!(now instanceof Date) || !isStorableDate(now)) {
      throw new InvalidRetentionPolicyError(`Retention option "now" ${STORABLE_DATE_RULE}.`, 'now');
    }
    const deleted: ApplyRetentionResult['deleted'] = [];
    for (const policy of await this.list()) {
      const runs = await applyPolicy(this.dataSource, this.dialect, this.audit, policy, {
        audit: context,
        now,
        dryRun: options.dryRun === true,
        statuses: policy.statuses ?? [...FINISHED_RUN_STATUSES],
      });
      deleted.push(...runs);
    }
    return { deleted };
  }
}
