import type { DataSource, EntityManager } from 'typeorm';
import { EvaluationRun } from '@llm-eval/models';
import { deleteRunRows } from '../repositories/run-maintenance';
import type { SqlDialect } from '../repositories/sql-dialect';
import { inTransaction } from '../repositories/transaction';
import type { AuditContext, FinishedRunStatus, PrunedRun, RetentionPolicyRecord } from './access-records';
import type { AuditLog } from './audit-log';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Runs deleted per transaction: the write lock is held for one batch at a time. */
const BATCH = 200;

interface ApplyContext {
  audit: AuditContext;
  now: Date;
  dryRun: boolean;
  statuses: FinishedRunStatus[];
}

/** The policy's runs due for deletion, oldest first (at most `limit`), read (and on PostgreSQL locked) by `manager`. */
async function dueRuns(
  manager: EntityManager,
  dialect: SqlDialect,
  policy: RetentionPolicyRecord,
  context: ApplyContext,
  limit?: number,
): Promise<PrunedRun[]> {
  const cutoff = new Date(context.now.getTime() - policy.maxAgeDays * DAY_MS);
  const qb = manager
    .getRepository(EvaluationRun)
    .createQueryBuilder('r')
    .select(['r.id', 'r.name', 'r.projectId', 'r.createdAt', 'r.status'])
    .where('r.projectId = :projectId', { projectId: policy.projectId })
    // Stored status: a running run (even one whose writer is gone) is never a policy's to delete.
    .andWhere('r.status IN (:...statuses)', { statuses: context.statuses })
    .andWhere('r.createdAt < :cutoff', { cutoff })
    .orderBy('r.createdAt', 'ASC')
    .addOrderBy('r.id', 'ASC');
  if (limit !== undefined) qb.limit(limit);
  if (limit !== undefined && dialect.kind === 'postgres') qb.setLock('pessimistic_write');
  const runs = await qb.getMany();
  return runs.map((r) => ({ runId: r.id, projectId: policy.projectId, name: r.name, createdAt: r.createdAt, status: r.status as FinishedRunStatus }));
}

/**
 * Deletes (or with dryRun only lists) the runs one policy names, a batch per transaction; each deleted run gets its
 * `run.pruned` entry in the transaction that deletes it. @internal
 */
export async function applyPolicy(
  dataSource: DataSource,
  dialect: SqlDialect,
  log: AuditLog,
  policy: RetentionPolicyRecord,
  context: ApplyContext,
): Promise<PrunedRun[]> {
  if (context.dryRun) return dueRuns(dataSource.manager, dialect, policy, context);
  const deleted: PrunedRun[] = [];
  for (;;) {
    const batch = await inTransaction(dataSource, async (manager) => {
      const runs = await dueRuns(manager, dialect, policy, context, BATCH);
      if (runs.length === 0) return runs;
      await deleteRunRows(manager, dialect, runs.map((r) => r.runId));
      for (const run of runs) {
        await log.append(
          {
            actor: context.audit.actor,
            action: 'run.pruned',
            targetType: 'run',
            targetId: run.runId,
            projectId: run.projectId,
            correlationId: context.audit.correlationId,
            details: {
              name: run.name,
              status: run.status,
              createdAt: run.createdAt.toISOString(),
              policy: { maxAgeDays: policy.maxAgeDays, statuses: policy.statuses },
            },
          },
          manager,
        );
      }
      return runs;
    });
    deleted.push(...batch);
    if (batch.length < BATCH) return deleted;
  }
}
