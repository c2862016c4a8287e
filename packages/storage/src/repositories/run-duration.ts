import type { RunRecord } from './records';

/** The fields that say whether a run's stored duration was measured (a run record, or a live-event RunSnapshot). */
export type RunDurationFields = Pick<RunRecord, 'startedAt' | 'completedAt' | 'durationSeconds'> & { status: string };

/**
 * A run's duration in seconds, or null while it is not known. The stored durationSeconds is the column's default 0,
 * not a duration, while the run is running or abandoned, when a cancelled run's writer never finalised it (no
 * completedAt), and when the run has neither a start time nor a duration given (made through createRun and
 * updateRun, or imported, without them): it never ran for 0 ms. A run imported with a duration but no start time
 * keeps its duration. (The dashboard judges a run the same way, and UNKNOWN_DURATION_SQL in SQL.)
 */
export function knownDurationSeconds(run: RunDurationFields): number | null {
  if (run.status === 'running' || run.status === 'abandoned') return null;
  if (run.status === 'cancelled' && run.completedAt === null) return null;
  return run.startedAt === null && run.durationSeconds === 0 ? null : run.durationSeconds;
}

/**
 * knownDurationSeconds as an SQL condition over the run aliased "r": true when its stored duration is no
 * measurement. An abandoned run is stored as running. Only our own constants, so it can stand in any statement.
 * Migration 1809000000000-run-duration-keys indexes the duration sort keys built on it: a change to it needs a new
 * migration replacing those indexes (test/duration-key-indexes.test.ts fails until then).
 * @internal
 */
export const UNKNOWN_DURATION_SQL =
  `("r"."status" = 'running' OR ("r"."status" = 'cancelled' AND "r"."completed_at" IS NULL) OR ` +
  `("r"."started_at" IS NULL AND "r"."duration_seconds" = 0))`;
