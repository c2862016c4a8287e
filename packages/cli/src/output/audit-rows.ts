import type { AuditEntryRecord } from '@llm-eval/storage';
import { redactDeep } from '../access/redact-secrets';
import { shortId, whenToSecond } from './format';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longest details text in a table cell; --json has all of it. */
const DETAILS_WIDTH = 80;

/** An audit entry as JSON; any secret-shaped text (a pasted secret stored as a name) is cut to its prefix. */
export function auditJson(entry: AuditEntryRecord): AuditEntryRecord {
  return redactDeep(entry);
}

/** The header of the audit table, naming the zone of its times. */
export function auditHead(zone: string): string[] {
  return [`at (${zone})`, 'actor', 'action', 'target', 'project', 'outcome', 'details'];
}

/** An entry as a row of the audit table, its time in `zone` to the second (several entries often share a minute). */
export function auditRow(entry: AuditEntryRecord, zone: string): string[] {
  const details = entry.details ? JSON.stringify(entry.details) : '';
  return [
    whenToSecond(entry.at, zone),
    entry.actor,
    entry.action,
    entry.targetId ? `${entry.targetType ?? ''} ${UUID.test(entry.targetId) ? shortId(entry.targetId) : entry.targetId}`.trim() : (entry.targetType ?? '–'),
    entry.projectId ?? '–',
    entry.outcome,
    details.length > DETAILS_WIDTH ? `${details.slice(0, DETAILS_WIDTH - 1)}…` : details,
  ];
}
