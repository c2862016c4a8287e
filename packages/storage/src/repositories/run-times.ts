import type { EntityManager } from 'typeorm';
import { EvaluationRun } from '@llm-eval/models';
import { ValidationError } from '../errors';
import { knownDurationSeconds } from './run-duration';

/** A run's start, end and duration as a write gives them; undefined where it does not give one. */
interface RunTimes {
  startedAt?: Date | null;
  completedAt?: Date | null;
  durationSeconds?: number;
}

/** What a run stores of its times, read in the writing transaction. @internal */
export interface StoredRunTimes {
  status: string;
  startedAt: Date | null;
  completedAt: Date | null;
  durationSeconds: number;
}

/** Seconds from `start` to `end`, or undefined unless both are known and in order. @internal */
export function secondsBetween(start: Date | null | undefined, end: Date | null | undefined): number | undefined {
  if (!start || !end) return undefined;
  const ms = end.getTime() - start.getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}

/**
 * Whether the stored durationSeconds is a duration someone gave (the evaluator's own measured time, an import's), not
 * the column's default 0, a running run's placeholder, or one worked out from the stored times. Only such a duration
 * outlives a change of the times.
 */
function durationWasGiven(stored: StoredRunTimes): boolean {
  if (knownDurationSeconds(stored) === null || stored.durationSeconds === 0) return false;
  return stored.durationSeconds !== secondsBetween(stored.startedAt, stored.completedAt);
}

/**
 * The durationSeconds a write must add so the run's duration follows its times, or undefined to leave it as written:
 * when the write gives a startedAt or completedAt but no duration and the stored duration was not given, the run took
 * completed − started (times as the write leaves them), and while either time is missing its duration is not known
 * (0). Without this a run closed with both times kept the default 0 and read as a run that took 0 s. @internal
 */
export function durationFromTimes(stored: StoredRunTimes, write: RunTimes): number | undefined {
  if (write.durationSeconds !== undefined) return undefined;
  if (write.startedAt === undefined && write.completedAt === undefined) return undefined;
  if (durationWasGiven(stored)) return undefined;
  const startedAt = write.startedAt === undefined ? stored.startedAt : write.startedAt;
  const completedAt = write.completedAt === undefined ? stored.completedAt : write.completedAt;
  return secondsBetween(startedAt, completedAt) ?? 0;
}

/**
 * The completedAt a write that finishes a run must add, or undefined for none: now, when it sets the status to
 * completed or failed while neither it nor the stored run gives an end, as finalizeRun has it. Without one, a run with
 * a start time kept the duration 0 and read as a run that took 0 s. A start time after now gets no end: now would end
 * the run before it started. @internal
 */
export function endOfFinish(stored: StoredRunTimes, write: RunTimes & { status?: string }, now = new Date()): Date | undefined {
  if (write.status !== 'completed' && write.status !== 'failed') return undefined;
  if (write.completedAt !== undefined || stored.completedAt !== null) return undefined;
  const startedAt = write.startedAt === undefined ? stored.startedAt : write.startedAt;
  return startedAt && startedAt.getTime() > now.getTime() ? undefined : now;
}

/** The run's stored times, or null when there is no such run. @internal */
export async function readRunTimes(manager: EntityManager, runId: string): Promise<StoredRunTimes | null> {
  return manager.findOne(EvaluationRun, {
    where: { id: runId },
    select: { id: true, status: true, startedAt: true, completedAt: true, durationSeconds: true },
  });
}

/**
 * Refuses (ValidationError) a new run that ends before it starts: a completedAt earlier than its startedAt, as
 * checkRunTimes refuses it in an update. Imports are not checked: they keep a foreign export's times as written. @internal
 */
export function checkNewRunTimes(run: RunTimes): void {
  const { startedAt, completedAt } = run;
  if (!startedAt || !completedAt || completedAt.getTime() >= startedAt.getTime()) return;
  throw new ValidationError(
    `Invalid run: completedAt ${completedAt.toISOString()} is before its startedAt ${startedAt.toISOString()}; a run cannot ` +
      `end before it starts. Give a completedAt at or after its startedAt.`,
    'completedAt',
  );
}

/**
 * Checks an update's times and returns the durationSeconds it must also store (durationFromTimes), undefined for none.
 * Refuses (ValidationError) an update that leaves a run ending before it starts: a completedAt earlier than its
 * startedAt, given in the update or stored. completed − started would be negative, a duration no run had. Equal times
 * are a 0 s run. An update that gives neither time is not judged by them: a row stored out of order before this check
 * (an import of such an export keeps its times and a duration of 0) can still be renamed or retagged. @internal
 */
export async function checkRunTimes(manager: EntityManager, runId: string, patch: RunTimes): Promise<number | undefined> {
  if (patch.startedAt === undefined && patch.completedAt === undefined) return undefined;
  const stored = await readRunTimes(manager, runId);
  const startedAt = patch.startedAt === undefined ? (stored?.startedAt ?? null) : patch.startedAt;
  const completedAt = patch.completedAt === undefined ? (stored?.completedAt ?? null) : patch.completedAt;
  if (startedAt === null || completedAt === null || completedAt.getTime() >= startedAt.getTime()) {
    return stored ? durationFromTimes(stored, patch) : undefined;
  }
  const started = startedAt.toISOString();
  const completed = completedAt.toISOString();
  // Named after the time the update gave (the completedAt when it gave both): that is the one to change.
  if (patch.completedAt !== undefined) {
    throw new ValidationError(
      `Invalid run update: completedAt ${completed} is before the run's startedAt ${started}; a run cannot end before it ` +
        `starts. Give a completedAt at or after ${started}, or a startedAt no later than ${completed} in the same update.`,
      'completedAt',
    );
  }
  throw new ValidationError(
    `Invalid run update: startedAt ${started} is after the run's completedAt ${completed}; a run cannot start after it ` +
      `ends. Give a startedAt at or before ${completed}, or a completedAt no earlier than ${started} in the same update.`,
    'startedAt',
  );
}
