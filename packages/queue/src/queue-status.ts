import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectedWorkers } from './connected-workers';
import type { QueueConnection } from './queue-connection';
import { createRedis, prefixOf, reachRedis } from './redis-connection';
import { activeRunsKey, ITEMS_QUEUE, RUN_FIELDS, runKeys } from './run-keys';

/** The queue's runs not yet finalised and the workers connected to it. */
export interface QueueStatus {
  /**
   * `active`: items a live worker holds — running their task, or taken ahead to run next (up to two per task slot: a
   * worker at --concurrency 5 holds up to 10). Items held by a worker that died count as waiting.
   */
  runs: Array<{ runId: string; name?: string; waiting: number; active: number; delayed: number; failed: number; done: number; total: number | undefined; status: string }>;
  /** `idleSeconds`: since the worker's Redis connection last sent a command — not whether it is running items. */
  workers: Array<{ name: string; address?: string; ageSeconds?: number; idleSeconds?: number }>;
}

/** Jobs of one state looked at per run (active jobs are bounded by the workers' concurrency; the others by retention). */
const JOBS_PER_STATE = 5_000;

/**
 * Per run: items waiting (enqueued and not yet taken), active, delayed (retry backoff), failed (infrastructure
 * failures kept for a week), done and total; and every worker connected (BullMQ names each connection after it).
 */
export async function queueStatus(queue: QueueConnection): Promise<QueueStatus> {
  const prefix = prefixOf(queue);
  const redis = createRedis(queue, 'the queue URL');
  await reachRedis(redis, queue);
  const items = new Queue(ITEMS_QUEUE, { connection: redis, prefix, skipMetasUpdate: true }); // a read: it writes nothing to Redis
  items.on('error', () => undefined);
  try {
    const runIds = (await redis.smembers(activeRunsKey(prefix))).sort();
    const [active, delayed, failed] = await Promise.all(
      (['active', 'delayed', 'failed'] as const).map(async (state) => {
        const jobs = await items.getJobs([state], 0, JOBS_PER_STATE - 1);
        return countByRun(state === 'active' ? await locked(redis, items, jobs) : jobs);
      }),
    );
    const runs: QueueStatus['runs'] = [];
    for (const runId of runIds) {
      const fields = [RUN_FIELDS.name, RUN_FIELDS.enqueued, RUN_FIELDS.total, RUN_FIELDS.done, RUN_FIELDS.cancelled, RUN_FIELDS.failure, RUN_FIELDS.finalized];
      const [name, enqueued, total, done, cancelled, failure, finalized] = await redis.hmget(runKeys(prefix, runId).hash, ...fields);
      const a = active!.get(runId) ?? 0;
      const d = delayed!.get(runId) ?? 0;
      const f = failed!.get(runId) ?? 0;
      const doneCount = Number(done ?? 0);
      runs.push({
        runId,
        name: name ?? undefined,
        waiting: Math.max(0, Number(enqueued ?? 0) - doneCount - a - d - f),
        active: a,
        delayed: d,
        failed: f,
        done: doneCount,
        total: total === null ? undefined : Number(total),
        status: finalized ?? (failure ? 'failing' : cancelled ? 'cancelling' : 'running'),
      });
    }
    const workers = await connectedWorkers(items, redis);
    return { runs, workers };
  } finally {
    await items.close().catch(() => undefined);
    redis.disconnect();
  }
}

/**
 * The active jobs a worker still holds: their lock is alive. A job whose worker died stays in BullMQ's active list
 * until a live worker's stalled check moves it back (never, with no worker left); it is waiting for a worker again,
 * not running, and is counted so.
 */
async function locked<T extends { id?: string } | undefined>(redis: Redis, items: Queue, jobs: T[]): Promise<T[]> {
  if (!jobs.length) return jobs;
  const pipeline = redis.pipeline();
  for (const job of jobs) pipeline.exists(`${items.toKey(job?.id ?? '')}:lock`);
  const held = (await pipeline.exec()) ?? [];
  return jobs.filter((_, i) => held[i]?.[1] === 1);
}

/** Jobs per run id (item job ids are `<runId>_<index>`, finalize jobs `finalize_<runId>`, not counted). */
function countByRun(jobs: ReadonlyArray<{ id?: string } | undefined>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of jobs) {
    const id = job?.id ?? '';
    const cut = id.lastIndexOf('_');
    if (cut <= 0 || id.startsWith('finalize_')) continue;
    const runId = id.slice(0, cut);
    counts.set(runId, (counts.get(runId) ?? 0) + 1);
  }
  return counts;
}
