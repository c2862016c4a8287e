import type { EntityManager } from 'typeorm';
import { EvaluationRun } from '@llm-eval/models';
import type { AuditContext } from '../access/access-records';
import type { AuditLog } from '../access/audit-log';
import type { UpdateRunInput } from './records';
import { auditRunChange } from './run-audit';
import { updateRunSchema } from './run-input.schema';

/**
 * How many characters of a changed text (or of a JSON value's text) a run.updated entry keeps, before and after: a
 * description may hold 100,000, and an entry is a record of the change, not a copy of the run. Tags are kept whole (at
 * most 100 of at most 255 characters).
 */
const TEXT_SHOWN = 1_000;

/** Every field updateRun can change: an audited update lists each of them whose stored value changed. */
const UPDATABLE_FIELDS = Object.keys(updateRunSchema.shape) as Array<keyof UpdateRunInput>;

/** The run's updatable fields as stored, read inside the updating transaction. @internal */
export type UpdatableFields = Pick<EvaluationRun, 'id' | 'name' | 'projectId'> & Record<string, unknown>;

/** The run's fields as stored, on the caller's transaction (under the run's lock: readers of before and after agree). @internal */
export async function readUpdatableFields(manager: EntityManager, runId: string): Promise<UpdatableFields | null> {
  return (await manager.findOne(EvaluationRun, { where: { id: runId } })) as UpdatableFields | null;
}

function cut(text: string): string {
  const points = [...text];
  return points.length > TEXT_SHOWN ? `${points.slice(0, TEXT_SHOWN - 1).join('')}…` : text;
}

function shown(field: string, value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return cut(value);
  if (value === null || value === undefined || typeof value !== 'object' || field === 'tags') return value ?? null;
  const json = JSON.stringify(value);
  return json.length > TEXT_SHOWN ? cut(json) : value;
}

/**
 * Appends `run.updated` in the update's transaction, nothing without an AuditContext or when no field changed: the run as it is after the change
 * (its name and project), and `changes`, each field whose stored value changed as `{ from, to }` (long text cut to
 * TEXT_SHOWN characters, marked with "…"; dates as ISO text).
 * @internal
 */
export async function auditRunUpdate(
  log: AuditLog,
  manager: EntityManager,
  audit: AuditContext | undefined,
  before: UpdatableFields,
  after: UpdatableFields,
): Promise<void> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of UPDATABLE_FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[field] = { from: shown(field, before[field]), to: shown(field, after[field]) };
  }
  // An update that changed nothing (the same values again) is not a change to record.
  if (Object.keys(changes).length === 0) return;
  await auditRunChange(log, manager, audit, 'run.updated', { id: after.id, name: after.name, projectId: after.projectId }, { changes });
}
