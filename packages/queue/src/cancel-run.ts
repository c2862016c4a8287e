import type { Database } from '@llm-eval/storage';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { openSharedDatabase, requireSharedDatabaseUrl } from './distributed-database';
import { connectedWorkers } from './connected-workers';
import { addFinalizeJob, finalizeRun } from './finalize-run';
import type { QueueConnection } from './queue-connection';
import { createRedis, prefixOf, reachRedis } from './redis-connection';
import { ITEMS_QUEUE, RUN_FIELDS, runKeys } from './run-keys';
import { cancelStoredRun } from './run-store';
import { removeQueuedItems } from './queued-items-removal';

/** How long the finalize job of a cancelled run waits, so items in flight are aborted first. */
const CANCEL_FINALIZE_DELAY_MS = 2_000;

/** Cancels with open connections (the submitter's own cancel). @internal */
export async function cancelWith(db: Database, redis: Redis, queue: Queue, prefix: string, runId: string, reason?: string): Promise<boolean> {
  const cancelled = await cancelStoredRun(db, runId, reason ?? 'cancelled');
  if (!cancelled) return false;
  await redis.hset(runKeys(prefix, runId).hash, RUN_FIELDS.cancelled, '1');
  await addFinalizeJob(queue, runId, CANCEL_FINALIZE_DELAY_MS);
  return true;
}

/** True only when Redis says no worker is connected to the queue (false when it cannot say: no CLIENT LIST). @internal */
export async function noWorkerConnected(queue: Queue, redis: Redis): Promise<boolean> {
  try {
    return (await connectedWorkers(queue, redis)).length === 0;
  } catch {
    return false;
  }
}

/**
 * Stops every worker's remaining items of the run and stores it as cancelled (statistics of the stored items). False
 * when the run was no longer running. The database must be the run's (PostgreSQL). A worker finalises the cancelled
 * run (its statistics, totals and end); with no worker connected nobody would until one starts, so the run is
 * finalised here at once (finalising is once-only however many try, and a late batch of a cancelled run is refused).
 */
export async function cancelRun(
  queue: QueueConnection,
  runId: string,
  options: { databaseUrl?: string; databaseUrlSource?: string; reason?: string; onNotQueued?: (message: string) => void } = {},
): Promise<boolean> {
  const url = requireSharedDatabaseUrl(options.databaseUrl, options.databaseUrlSource);
  const prefix = prefixOf(queue);
  const redis = createRedis(queue, 'the queue URL');
  // Redis first: a queue it cannot reach must not leave the run cancelled in the database while its workers go on.
  await reachRedis(redis, queue);
  // A run this queue never had (a local run, or another --queue-prefix): nothing of it is written here. Cancelled with
  // the wrong prefix, the run was finalised as if no worker served it, and keys were left under that prefix.
  if ((await redis.exists(runKeys(prefix, runId).hash).catch(() => 1)) === 0) {
    redis.disconnect();
    options.onNotQueued?.(`run ${runId} is not on this queue (key prefix "${prefix}"; a local run, or one whose workers use another --queue-prefix): nothing was written to Redis`);
    return false;
  }
  const items = new Queue(ITEMS_QUEUE, { connection: redis, prefix });
  items.on('error', () => undefined);
  let db: Database | undefined;
  try {
    db = await openSharedDatabase(url, options.databaseUrlSource);
    const cancelled = await cancelWith(db, redis, items, prefix, runId, options.reason);
    // A failure to finalise here leaves the cancel stored and its finalize job queued for the next worker: the cancel
    // itself succeeded (and its caller goes on to audit it).
    if (cancelled && (await noWorkerConnected(items, redis))) {
      const finalized = await finalizeRun(db, redis, prefix, runId).then(() => true, () => false);
      // Its items would otherwise stay in Redis until a worker connects and skips them one by one.
      if (finalized) await removeQueuedItems(items, runId).catch(() => 0);
    }
    return cancelled;
  } finally {
    await items.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    redis.disconnect();
  }
}
