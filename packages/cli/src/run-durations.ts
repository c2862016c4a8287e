import type { RunRecord } from '@llm-eval/storage';

/** The fields that say whether a run's stored duration was measured. */
export type DurationFields = Pick<RunRecord, 'status' | 'startedAt' | 'completedAt' | 'durationSeconds'>;

/**
 * Whether a run's stored durationSeconds was measured. It is the column's default 0, not a duration, while the run is
 * running or abandoned, when a cancelled run's writer never finalised it (no completedAt), and when the run has no
 * start time and no duration given: a run made through the storage API (createRun, then updateRun to completed without
 * startedAt and durationSeconds) or imported without them. (search's comparison and the dashboard judge it the same way.)
 */
export function durationKnown(run: DurationFields): boolean {
  if (run.status === 'running' || run.status === 'abandoned') return false;
  if (run.status === 'cancelled' && run.completedAt === null) return false;
  return run.startedAt !== null || run.durationSeconds !== 0;
}
