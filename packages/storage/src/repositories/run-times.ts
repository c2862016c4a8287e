import type { EntityManager } from 'typeorm';
import { EvaluationRun } from '@llm-eval/models';
import { ValidationError } from '../errors';

/** A run's start and end as an update leaves them; undefined where the update does not give one. */
interface RunTimes {
  startedAt?: Date | null;
  completedAt?: Date | null;
}

/**
 * Refuses (ValidationError) an update that leaves a run ending before it starts: a completedAt earlier than its
 * startedAt, given in the update or stored. completed − started would be negative, a duration no run had. Equal times
 * are a 0 s run. An update that gives neither time is not judged by them: a row stored out of order before this check
 * (an import of such an export keeps its times and a duration of 0) can still be renamed or retagged. @internal
 */
export async function checkRunTimesInOrder(manager: EntityManager, runId: string, patch: RunTimes): Promise<void> {
  if (patch.startedAt === undefined && patch.completedAt === undefined) return;
  const stored =
    patch.startedAt === undefined || patch.completedAt === undefined
      ? await manager.findOne(EvaluationRun, { where: { id: runId }, select: { id: true, startedAt: true, completedAt: true } })
      : null;
  const startedAt = patch.startedAt === undefined ? (stored?.startedAt ?? null) : patch.startedAt;
  const completedAt = patch.completedAt === undefined ? (stored?.completedAt ?? null) : patch.completedAt;
  if (startedAt === null || completedAt === null || completedAt.getTime() >= startedAt.getTime()) return;
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
