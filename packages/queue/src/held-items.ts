import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** BullMQ's active jobs, by who holds them. @internal */
export interface HeldJobs {
  /** Held by a worker connected to the queue: running, or taken ahead to run next. */
  held: Job[];
  /**
   * Locked by a worker that is no longer connected (killed, or cut off from Redis): nothing runs them, and live
   * workers take them over at their first stalled-job check after the lock expires.
   */
  orphaned: Array<{ job: Job; lockMs: number }>;
  /** Lock expired: back to waiting at the next stalled-job check of a live worker (never, with none left). */
  unlocked: Job[];
}

/**
 * Sorts active jobs by whether a live worker holds them. `workers` are the names of the workers connected now,
 * undefined when Redis does not say (no CLIENT LIST): a locked job is then taken as held. A job names the worker that
 * took it (BullMQ's processedBy); a job that names none is taken as held.
 * @internal
 */
export async function sortHeldJobs(redis: Redis, items: Queue, jobs: Job[], workers: ReadonlySet<string> | undefined): Promise<HeldJobs> {
  const sorted: HeldJobs = { held: [], orphaned: [], unlocked: [] };
  if (!jobs.length) return sorted;
  const pipeline = redis.pipeline();
  for (const job of jobs) pipeline.pttl(`${items.toKey(job.id ?? '')}:lock`);
  const ttls = (await pipeline.exec()) ?? [];
  jobs.forEach((job, i) => {
    const lockMs = Number(ttls[i]?.[1] ?? -2);
    // -2: no lock; -1 (a lock without expiry) is not one BullMQ sets, and is taken as held.
    if (lockMs === -2) sorted.unlocked.push(job);
    else if (workers && job.processedBy && !workers.has(job.processedBy) && lockMs > 0) sorted.orphaned.push({ job, lockMs });
    else sorted.held.push(job);
  });
  return sorted;
}
