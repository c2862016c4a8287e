import { Queue, type Job } from 'bullmq';
import { connectedWorkers, stillMissing } from './connected-workers';
import { sortHeldJobs } from './held-items';
import type { QueueConnection } from './queue-connection';
import { createRedis, prefixOf, reachRedis } from './redis-connection';
import { activeRunsKey, ITEMS_QUEUE, RUN_FIELDS, runKeys } from './run-keys';

/** The queue's runs not yet finalised and the workers connected to it. */
export interface QueueStatus {
  /**
   * `active`: items a live worker holds — running their task, or taken ahead to run next (up to two per task slot: a
   * worker at --concurrency 5 holds up to 10). Items held by a worker that is gone (killed, or cut off from Redis: no
   * longer connected, and still not after RECONNECT_GRACE_MS: a worker reconnecting is not gone) count as waiting;
   * `orphaned` says how many of `waiting` those are, and `orphanedLockSeconds` when the last of their locks expires:
   * live workers take them over at their first stalled-job check after that (every 30 s by default).
   */
  runs: Array<{
    runId: string;
    name?: string;
    waiting: number;
    active: number;
    orphaned: number;
    orphanedLockSeconds?: number;
    delayed: number;
    failed: number;
    done: number;
    total: number | undefined;
    status: string;
  }>;
  /**
   * `idleSeconds`: since the worker last sent Redis a command on any of its connections. A running worker does at least
   * every few seconds, busy or not (it looks after its runs twice a second); one whose event loop is held (a
   * synchronous task) goes quiet.
   */
  workers: Array<{ name: string; address?: string; ageSeconds?: number; idleSeconds?: number }>;
}

/** Active jobs read in full (bounded by the workers' concurrency: each task slot holds at most two). */
const ACTIVE_JOBS_READ = 5_000;

/** Job ids read per Redis call when counting a state's jobs per run. */
const IDS_PER_PAGE = 10_000;

/**
 * Per run: items waiting (enqueued and not yet taken, or held by a worker that is gone), active, delayed (handed back
 * for a moment or until the run's Retry-After pause is over, or waiting for the database), failed (infrastructure
 * failures kept for a week), done and total; and every worker connected (each names its connections after itself).
 * Delayed and failed jobs are counted from their ids alone (an item job's id names its run), however many there are.
 */
export async function queueStatus(queue: QueueConnection): Promise<QueueStatus> {
  const prefix = prefixOf(queue);
  const redis = createRedis(queue, 'the queue URL');
  await reachRedis(redis, queue);
  const items = new Queue(ITEMS_QUEUE, { connection: redis, prefix, skipMetasUpdate: true }); // a read: it writes nothing to Redis
  items.on('error', () => undefined);
  try {
    const runIds = (await redis.smembers(activeRunsKey(prefix))).sort();
    const [activeJobs, delayed, failed] = await Promise.all([
      items.getJobs(['active'], 0, ACTIVE_JOBS_READ - 1),
      countIdsByRun(items, 'delayed'),
      countIdsByRun(items, 'failed'),
    ]);
    // Listed after the jobs were read: a worker that took one of them is listed (unless it is gone since).
    let workers = await connectedWorkers(items, redis);
    // Without CLIENT LIST (some hosted Redis) BullMQ lists one placeholder without an address: who is alive is unknown.
    const known = workers.every((worker) => worker.address !== undefined);
    const jobs = await sortHeldJobs(redis, items, (activeJobs as Job[]).filter(Boolean), known ? new Set(workers.map((w) => w.id)) : undefined);
    if (jobs.orphaned.length) {
      // A worker reconnecting is missing from one listing: its items are orphaned only if it stays missing.
      const missing = new Set(jobs.orphaned.map(({ job }) => job.processedBy!));
      const relisted = await stillMissing(items, redis, missing);
      if (relisted.workers) workers = relisted.workers;
      const back = jobs.orphaned.filter(({ job }) => !relisted.missing.has(job.processedBy!));
      jobs.held.push(...back.map(({ job }) => job));
      jobs.orphaned = jobs.orphaned.filter(({ job }) => relisted.missing.has(job.processedBy!));
    }
    const active = countByRun(jobs.held);
    const orphaned = countByRun(jobs.orphaned.map(({ job }) => job));
    const runs: QueueStatus['runs'] = [];
    for (const runId of runIds) {
      const fields = [RUN_FIELDS.name, RUN_FIELDS.enqueued, RUN_FIELDS.total, RUN_FIELDS.done, RUN_FIELDS.cancelled, RUN_FIELDS.failure, RUN_FIELDS.finalized];
      const [name, enqueued, total, done, cancelled, failure, finalized] = await redis.hmget(runKeys(prefix, runId).hash, ...fields);
      const a = active.get(runId) ?? 0;
      const d = delayed.get(runId) ?? 0;
      const f = failed.get(runId) ?? 0;
      const o = orphaned.get(runId) ?? 0;
      const lockMs = Math.max(0, ...jobs.orphaned.filter(({ job }) => runOf(job) === runId).map(({ lockMs }) => lockMs));
      const doneCount = Number(done ?? 0);
      runs.push({
        runId,
        name: name ?? undefined,
        waiting: Math.max(0, Number(enqueued ?? 0) - doneCount - a - d - f),
        active: a,
        orphaned: o,
        ...(o ? { orphanedLockSeconds: Math.ceil(lockMs / 1_000) } : {}),
        delayed: d,
        failed: f,
        done: doneCount,
        total: total === null ? undefined : Number(total),
        status: finalized ?? (failure ? 'failing' : cancelled ? 'cancelling' : 'running'),
      });
    }
    // Shown by the names they were given; the identity only tells apart workers that share one.
    return { runs, workers: workers.map(({ id: _id, ...worker }) => worker) };
  } finally {
    await items.close().catch(() => undefined);
    redis.disconnect();
  }
}

/** The run of an item job (`<runId>_<index>`); undefined for a finalize job (`finalize_<runId>`), not counted. */
function runOf(job: { id?: string } | undefined): string | undefined {
  const id = job?.id ?? '';
  const cut = id.lastIndexOf('_');
  if (cut <= 0 || id.startsWith('finalize_')) return undefined;
  return id.slice(0, cut);
}

/** Item jobs per run id. */
function countByRun(jobs: ReadonlyArray<{ id?: string } | undefined>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of jobs) addTo(counts, runOf(job));
  return counts;
}

function addTo(counts: Map<string, number>, runId: string | undefined): void {
  if (runId !== undefined) counts.set(runId, (counts.get(runId) ?? 0) + 1);
}

/**
 * Item jobs of a state per run id, from the ids alone (no job data is read), a page at a time. The pages are read
 * while workers move jobs in and out of the state, so a job may be missed or counted twice at a page boundary: a
 * snapshot, as every count here is.
 */
async function countIdsByRun(items: Queue, state: 'delayed' | 'failed'): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let start = 0; ; start += IDS_PER_PAGE) {
    const ids = await items.getRanges([state], start, start + IDS_PER_PAGE - 1, true);
    for (const id of ids) addTo(counts, runOf({ id }));
    if (ids.length < IDS_PER_PAGE) return counts;
  }
}
