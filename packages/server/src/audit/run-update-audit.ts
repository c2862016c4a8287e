import type { AuditEntryInput, RunRecord } from '@llm-eval/storage';
import type { AuditContext } from './audit-trail';

/**
 * How many characters of a changed name or description a run.updated entry keeps, before and after: a description
 * may hold 100,000, and an entry is a record of the change, not a copy of the run. Tags are kept whole (at most 100
 * of at most 255 characters, the patch's limits).
 */
const TEXT_SHOWN = 1_000;

/** The fields PATCH /runs/:run changes, as the run.updated entry names them. */
const PATCHED_FIELDS = ['name', 'tags', 'description'] as const;

function shown(value: string | string[] | null): string | string[] | null {
  if (typeof value !== 'string') return value;
  const points = [...value];
  return points.length > TEXT_SHOWN ? `${points.slice(0, TEXT_SHOWN - 1).join('')}…` : value;
}

/**
 * The run.updated entry of PATCH /runs/:run: who, the run (its name and project after the change), and each field
 * whose stored value changed, `{ from, to }` (long text cut to TEXT_SHOWN characters, marked with "…").
 */
export function runUpdatedEntry(audit: AuditContext, before: RunRecord, after: RunRecord): AuditEntryInput {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of PATCHED_FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[field] = { from: shown(before[field]), to: shown(after[field]) };
  }
  return {
    actor: audit.actor,
    action: 'run.updated',
    targetType: 'run',
    targetId: after.id,
    projectId: after.projectId,
    correlationId: audit.correlationId,
    details: { name: after.name, changes },
  };
}
