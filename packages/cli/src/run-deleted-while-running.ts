import type { AuditEntryRecord, Database } from '@llm-eval/storage';
import { CliError } from './errors';
import { whenToSecond } from './output/format';
import { useTimeZone } from './time-zone';

/** Audit pages read looking for the deletion (a `runs prune` of thousands of runs writes one entry each). */
const MAX_AUDIT_PAGES = 5;
/** Clock slack between this machine and whoever wrote the audit entry. */
const CLOCK_SLACK_MS = 60_000;

/** True when `error` says the run `runId` is gone (a RunNotFoundError of it, or of no id, among its causes). */
export function isRunGone(error: unknown, runId: string): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const id = (e as { runId?: unknown }).runId;
    if (e.name === 'RunNotFoundError') return id === undefined || String(id).toLowerCase() === runId.toLowerCase();
  }
  return false;
}

/** The audit entry of the run's deletion since `since`, if the log recorded one (the newest first). */
async function deletionEntry(db: Database, runId: string, since: Date): Promise<AuditEntryRecord | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_AUDIT_PAGES; page++) {
    const { entries, nextCursor } = await db.audit.list({ action: 'run.deleted', since: new Date(since.getTime() - CLOCK_SLACK_MS), limit: 1000, cursor });
    const found = entries.find((e) => e.targetId?.toLowerCase() === runId.toLowerCase() && e.outcome === 'success');
    if (found || !nextCursor) return found;
    cursor = nextCursor;
  }
  return undefined;
}

/**
 * What an attached `evaluate --queue` says when its run was deleted while it ran (`runs delete --force`, a forced
 * delete through the API): not storage's "does not exist … find its id", which reads as a mistyped id. Names who
 * deleted it and when, as the audit log recorded it; exit code 1. Reading the log is best effort: any failure leaves
 * the message without them.
 */
export async function runDeletedWhileRunning(db: Database, runId: string, submittedAt: Date): Promise<CliError> {
  const entry = await deletionEntry(db, runId, submittedAt).catch(() => undefined);
  const name = typeof entry?.details?.name === 'string' ? ` (${JSON.stringify(entry.details.name)})` : '';
  const zone = useTimeZone(undefined, { needed: false });
  const by = entry ? `, by ${entry.actor} at ${whenToSecond(entry.at, zone)} ${zone}` : ' (llm-eval runs delete --force, or a forced delete through the API?)';
  return new CliError(`run ${runId}${name} was deleted from the database while it ran${by}; its items and statistics are gone.`, 1);
}
