import type { Database } from '@llm-eval/storage';
import type { Redis } from 'ioredis';
import { finalizeRun } from './finalize-run';
import { RUN_FIELDS, runKeys } from './run-keys';

/** How often a submitter waiting for its run looks for the run in the database. */
export const DELETION_CHECK_MS = 1_000;

/**
 * Looks for a submitted run in the database every `intervalMs` while its submitter waits, and calls `onDeleted` once
 * when it is gone (`runs delete --force`, a forced delete through the API). Nothing in Redis says so: the workers
 * learn it only when they store an item of the run, and items in flight may take their whole timeout (30 s by default,
 * or never, for a task that waits on something) before they do; meanwhile the submitter would wait for a run that no
 * longer exists. A read that fails (the database restarting) is tried again at the next check. Returns stop.
 * @internal
 */
export function watchRunDeletion(db: Database, runId: string, onDeleted: () => void, intervalMs = DELETION_CHECK_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = async () => {
    let gone = false;
    try {
      gone = (await db.runs.getRun(runId)) === null;
    } catch {
      // the next check tries again
    }
    if (stopped) return;
    if (gone) {
      stopped = true;
      onDeleted();
      return;
    }
    timer = setTimeout(() => void check(), intervalMs);
    timer.unref();
  };
  timer = setTimeout(() => void check(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/**
 * Tells every worker in Redis that a run is gone from the database: cancelled (workers abort its items in flight and
 * skip the rest) and finalised as deleted, so nothing of it stays in the queue. Whoever notices the deletion calls it:
 * a waiting submitter (watchRunDeletion), or a worker whose heartbeat finds no run (a detached run has no submitter).
 * @internal
 */
export async function markRunDeleted(db: Database, redis: Redis, prefix: string, runId: string): Promise<void> {
  await redis.hset(runKeys(prefix, runId).hash, RUN_FIELDS.cancelled, '1');
  await finalizeRun(db, redis, prefix, runId);
}
