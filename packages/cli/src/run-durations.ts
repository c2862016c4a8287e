import type { ComparisonResult } from '@llm-eval/search';
import type { RunRecord } from '@llm-eval/storage';

/** The fields that say whether a run's stored duration was measured. */
export type DurationFields = Pick<RunRecord, 'status' | 'startedAt' | 'completedAt'>;

/**
 * Whether a run's stored durationSeconds was measured. It is the column's default 0, not a duration, while the run is
 * running or abandoned, when a cancelled run's writer never finalised it (no completedAt), and when the run has no
 * start time at all: a run made through the storage API (createRun, then updateRun to completed without startedAt and
 * durationSeconds) or imported without them.
 */
export function durationKnown(run: DurationFields): boolean {
  if (run.status === 'running' || run.status === 'abandoned') return false;
  if (run.status === 'cancelled' && run.completedAt === null) return false;
  return run.startedAt !== null;
}

/**
 * The comparison with null (shown as –) for the duration of a compared run that has none, and for the change, so
 * neither the tables nor --json claim a run took 0 ms. The search package judges only the run's status; the start
 * time is checked here, where both stored runs are at hand.
 */
export function withUnknownDurations(result: ComparisonResult, a: DurationFields, b: DurationFields): ComparisonResult {
  const known = [durationKnown(a), durationKnown(b)];
  if (known[0] && known[1]) return result;
  const d = result.summary.durationSeconds;
  const durationSeconds = { a: known[0] ? d.a : null, b: known[1] ? d.b : null, absolute: null, relative: null };
  return { ...result, summary: { ...result.summary, durationSeconds } };
}
