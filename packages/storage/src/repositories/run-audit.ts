import type { EntityManager } from 'typeorm';
import type { AuditAction } from '@llm-eval/models';
import type { AuditContext } from '../access/access-records';
import type { AuditLog } from '../access/audit-log';
import type { SqlDialect } from './sql-dialect';
import { decodeText } from './stored-text';

/** What an audit entry of a run names. @internal */
export interface AuditedRun {
  id: string;
  name: string;
  projectId: string | null;
}

/** The run's name and project, read inside the transaction that changes it (for its audit entry). @internal */
export async function readAuditedRun(manager: EntityManager, dialect: SqlDialect, runId: string): Promise<AuditedRun | null> {
  const [row] = await manager.query(`SELECT "name", "project_id" FROM "evaluation_runs" WHERE "id" = ${dialect.param(1)}`, [runId]);
  return row ? { id: runId, name: decodeText(String(row.name)), projectId: row.project_id ?? null } : null;
}

/** Appends the audit entry of a change to a run in the change's transaction; nothing without an AuditContext. @internal */
export async function auditRunChange(
  log: AuditLog,
  manager: EntityManager,
  audit: AuditContext | undefined,
  action: AuditAction,
  run: AuditedRun,
  details: Record<string, unknown> = {},
): Promise<void> {
  if (!audit) return;
  await log.append(
    {
      actor: audit.actor,
      action,
      targetType: 'run',
      targetId: run.id,
      projectId: run.projectId,
      correlationId: audit.correlationId,
      details: { name: run.name, ...details },
    },
    manager,
  );
}
