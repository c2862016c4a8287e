import type { RunDurationFields } from '@llm-eval/storage';
import { storage } from './libraries';

/** The fields that say whether a run's stored duration was measured. */
export type DurationFields = RunDurationFields;

/** Whether a run's stored durationSeconds was measured (storage's knownDurationSeconds, which search's comparison uses too). */
export function durationKnown(run: DurationFields): boolean {
  return storage().knownDurationSeconds(run) !== null;
}
