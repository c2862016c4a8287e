import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectedWorkers } from './connected-workers';
import { KEEP_SECONDS, runKeys } from './run-keys';

/**
 * Notes in Redis that worker `name` loaded the run's task and metrics, so a worker that cannot load them later (one
 * machine missing the module, or its API key) knows the run is being served and leaves its items to the others
 * instead of failing a healthy run.
 * @internal
 */
export async function noteRunLoaded(redis: Redis, prefix: string, runId: string, name: string): Promise<void> {
  const { loaded } = runKeys(prefix, runId);
  await redis.multi().sadd(loaded, name).expire(loaded, KEEP_SECONDS).exec();
}

/** The workers still connected to the queue, other than `self`, that loaded the run (noteRunLoaded). @internal */
export async function liveRunLoaders(redis: Redis, queue: Queue, prefix: string, runId: string, self: string): Promise<string[]> {
  const loaded = (await redis.smembers(runKeys(prefix, runId).loaded)).filter((name) => name !== self);
  if (!loaded.length) return [];
  const connected = new Set((await connectedWorkers(queue, redis)).map((worker) => worker.name));
  return loaded.filter((name) => connected.has(name)).sort();
}
