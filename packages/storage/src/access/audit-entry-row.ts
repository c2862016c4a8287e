import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntry } from '@llm-eval/models';
import { InvalidAuditEntryError } from '../errors';
import type { AuditEntryInput, AuditEntryRecord } from './access-records';
import { fitText } from './fit-text';

const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);
const OUTCOMES: ReadonlySet<string> = new Set(AUDIT_OUTCOMES);

/** The columns of an audit row, without its id. @internal */
export type AuditRow = Omit<AuditEntry, 'id'>;

function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new InvalidAuditEntryError(`Audit entry field "${field}" must be a string or null.`, field);
  return fitText(value, max);
}

/** Validates an entry to append and shapes its row; text too long for its column is cut, not refused. @internal */
export function auditRowOf(entry: AuditEntryInput, at: Date): AuditRow {
  if (entry === null || typeof entry !== 'object') throw new InvalidAuditEntryError('An audit entry must be an object.');
  if (typeof entry.actor !== 'string' || entry.actor.length === 0) {
    throw new InvalidAuditEntryError('Audit entry field "actor" must be a non-empty string: who acted.', 'actor');
  }
  if (typeof entry.action !== 'string' || !ACTIONS.has(entry.action)) {
    throw new InvalidAuditEntryError(`Audit entry field "action" must be one of: ${AUDIT_ACTIONS.join(', ')}.`, 'action');
  }
  const outcome = entry.outcome ?? 'success';
  if (!OUTCOMES.has(outcome)) {
    throw new InvalidAuditEntryError(`Audit entry field "outcome" must be one of: ${AUDIT_OUTCOMES.join(', ')}.`, 'outcome');
  }
  const details = entry.details ?? null;
  if (details !== null && (typeof details !== 'object' || Array.isArray(details))) {
    throw new InvalidAuditEntryError('Audit entry field "details" must be an object or null.', 'details');
  }
  return {
    at,
    actor: fitText(entry.actor, 255),
    action: entry.action,
    targetType: optionalText(entry.targetType, 'targetType', 32),
    targetId: optionalText(entry.targetId, 'targetId', 255),
    projectId: optionalText(entry.projectId, 'projectId', 128),
    correlationId: optionalText(entry.correlationId, 'correlationId', 128),
    outcome,
    details: details === null ? null : JSON.stringify(details),
  };
}

/** A stored audit row as plain data, its details parsed. @internal */
export function auditRecordOf(row: AuditEntry): AuditEntryRecord {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    projectId: row.projectId,
    correlationId: row.correlationId,
    outcome: row.outcome,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  };
}
