import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectedWorkers } from './connected-workers';

/** How long a submitter waits with no worker connected before it says so, by default. */
export const DEFAULT_NO_WORKERS_MS = 15_000;

/**
 * Calls `onAlone` once when no worker has been connected to the queue for `aloneMs` while a run waits: its items wait
 * for a worker that may never come (none started, or every one stopped: a task that kills its worker), and the
 * progress line alone does not say so. Redis that does not allow CLIENT LIST (some hosted ones) is never taken for
 * "no worker". Returns a function that stops watching.
 * @internal
 */
export function watchWorkerPresence(queue: Queue, redis: Redis, aloneMs: number, onAlone: () => void): () => void {
  let aloneSince: number | undefined;
  let stopped = false;
  const check = async () => {
    let alone: boolean;
    try {
      alone = (await connectedWorkers(queue, redis)).length === 0;
    } catch {
      return; // unknown: not a reason to speak
    }
    if (stopped) return;
    if (!alone) aloneSince = undefined;
    else if (aloneSince === undefined) aloneSince = Date.now();
    if (aloneSince !== undefined && Date.now() - aloneSince >= aloneMs) {
      stop();
      onAlone();
    }
  };
  const timer = setInterval(() => void check(), Math.max(100, Math.min(aloneMs / 3, 5_000)));
  timer.unref();
  void check();
  function stop(): void {
    stopped = true;
    clearInterval(timer);
  }
  return stop;
}
