import type { RunRecord } from '@llm-eval/storage';
import { storage } from '../libraries';

/** A stored run as the CLI's --json prints it: durationSeconds is null while the duration is not known. */
export type RunJson<T extends RunRecord> = Omit<T, 'durationSeconds'> & { durationSeconds: number | null };

/** What --json documents about a run's durationSeconds, for the commands' --help. */
export const RUN_DURATION_JSON_NOTE =
  "a run's durationSeconds is null while its duration is not known (running, abandoned, or stored without a start time or a duration; the table's –)";

/**
 * A run for --json. The stored durationSeconds is the column's default 0 for a run whose duration nobody measured
 * (storage's knownDurationSeconds): printed as 0 it read as a 0-second run, while the table said "–". It is null
 * there, as in `runs compare --json`; a run that did take 0 s keeps its 0. Every other field is the stored record, in
 * its order.
 */
export function runJson<T extends RunRecord>(run: T): RunJson<T> {
  return { ...run, durationSeconds: storage().knownDurationSeconds(run) };
}
