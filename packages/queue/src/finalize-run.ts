import type { Database } from '@llm-eval/storage';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { activeRunsKey, FINALIZE_JOB, KEEP_SECONDS, RUN_FIELDS, runKeys } from './run-keys';
import { finalizeStoredRun } from './run-store';

/** Data of a finalize job. @internal */
export interface FinalizeJobData {
  runId: string;
}

/**
 * Adds the run's finalize job. Its fixed id makes every add after the first a no-op while the job exists (it is kept
 * a week after completing), so all callers that see the run complete may add it. `lifo` puts it before waiting items.
 * @internal
 */
export async function addFinalizeJob(queue: Queue, runId: string, delayMs = 0): Promise<void> {
  const { finalizeJobId } = runKeys(queue.opts.prefix ?? '', runId);
  await queue.add(FINALIZE_JOB, { runId } satisfies FinalizeJobData, {
    jobId: finalizeJobId,
    lifo: true,
    delay: delayMs || undefined,
    attempts: 8,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: KEEP_SECONDS },
    removeOnFail: { age: KEEP_SECONDS },
  });
}

/**
 * Stores a run's statistics, totals and final status (storage's guarded finalizeRun: once, however many finalisers),
 * then marks it finalised in Redis. Status: failed when a worker could not load it (or the dataset broke), cancelled when
 * cancelled (storage keeps a cancelled run cancelled), failed when the database refused an item, else completed. Safe to run again after a crash anywhere in it.
 * @internal
 */
export async function finalizeRun(db: Database, redis: Redis, prefix: string, runId: string): Promise<string> {
  const keys = runKeys(prefix, runId);
  const [failure, cancelled, refused, startedAt] = await redis.hmget(keys.hash, RUN_FIELDS.failure, RUN_FIELDS.cancelled, RUN_FIELDS.refused, RUN_FIELDS.startedAt);
  const completedAt = new Date();
  const started = startedAt ? Number(startedAt) : undefined;
  let stored = false;
  try {
    stored = await finalizeStoredRun(db, runId, {
      // A run missing an item the database refused is not complete: failed, naming the item (as the Evaluator does).
      status: failure ? 'failed' : cancelled ? 'cancelled' : refused ? 'failed' : 'completed',
      statusReason: failure ?? (cancelled ? undefined : refused) ?? undefined,
      completedAt,
      durationSeconds: started ? Math.max(0, (completedAt.getTime() - started) / 1000) : undefined,
    });
  } catch (error) {
    // A run deleted meanwhile has nothing left to finalise; anything else fails the job, which BullMQ retries.
    if ((error as Error)?.name !== 'RunNotFoundError') throw error;
  }
  const run = await db.runs.getRun(runId);
  const status = run?.status ?? 'deleted';
  await redis
    .multi()
    .hincrby(keys.hash, RUN_FIELDS.finalizeCount, stored ? 1 : 0)
    .hset(keys.hash, RUN_FIELDS.finalized, status)
    .expire(keys.hash, KEEP_SECONDS)
    .expire(keys.done, KEEP_SECONDS)
    .srem(activeRunsKey(prefix), runId)
    .exec();
  return status;
}
