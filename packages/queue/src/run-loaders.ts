import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectedWorkers, workerNameOf } from './connected-workers';
import { KEEP_SECONDS, runKeys } from './run-keys';

/**
 * Notes in Redis that worker `identity` (workerIdentity) loaded the run's task and metrics, so a worker that cannot load them later (one
 * machine missing the module, or its API key) knows the run is being served and leaves its items to the others
 * instead of failing a healthy run.
 * @internal
 */
export async function noteRunLoaded(redis: Redis, prefix: string, runId: string, identity: string): Promise<void> {
  const { loaded } = runKeys(prefix, runId);
  await redis.multi().sadd(loaded, identity).expire(loaded, KEEP_SECONDS).exec();
}

/**
 * The names of the workers still connected to the queue, other than `self` (an identity), that loaded the run
 * (noteRunLoaded). @internal
 */
export async function liveRunLoaders(redis: Redis, queue: Queue, prefix: string, runId: string, self: string): Promise<string[]> {
  const loaded = (await redis.smembers(runKeys(prefix, runId).loaded)).filter((id) => id !== self);
  if (!loaded.length) return [];
  const connected = new Set((await connectedWorkers(queue, redis)).map((worker) => worker.id));
  return loaded.filter((id) => connected.has(id)).map(workerNameOf).sort();
}
