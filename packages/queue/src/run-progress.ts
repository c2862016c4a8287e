import type { Redis } from 'ioredis';
import { RUN_FIELDS, runKeys } from './run-keys';

/** A distributed run's progress, from its Redis counters. */
export interface DistributedProgress {
  runId: string;
  /** Items enqueued so far; `total` once the dataset is fully enqueued. */
  enqueued: number;
  total: number | undefined;
  /** Items stored (completed or failed). */
  done: number;
  failed: number;
  /** Values the workers recorded cut so far (longer than the run's maxValueChars): the local result.valuesCut. */
  valuesCut: number;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  ratePerSecond: number;
  elapsedSeconds: number;
  /**
   * Why a worker leaves the run's items to others, when one does: it is connected to another database than the run's
   * (started with another --database-url). Its items wait for the workers on the run's database.
   */
  elsewhere?: string;
}

/** How often a submitter reads its run's counters. */
const WATCH_INTERVAL_MS = 100;

/** Reads a run's progress once. @internal */
export async function readProgress(redis: Redis, prefix: string, runId: string, startedMs: number): Promise<DistributedProgress & { finalized: boolean }> {
  const [enqueued, total, done, failed, finalized, elsewhere, valuesCut] = await redis.hmget(
    runKeys(prefix, runId).hash,
    RUN_FIELDS.enqueued,
    RUN_FIELDS.total,
    RUN_FIELDS.done,
    RUN_FIELDS.failed,
    RUN_FIELDS.finalized,
    RUN_FIELDS.elsewhere,
    RUN_FIELDS.valuesCut,
  );
  const elapsedSeconds = (Date.now() - startedMs) / 1000;
  const doneCount = Number(done ?? 0);
  const status = finalized === 'completed' || finalized === 'failed' || finalized === 'cancelled' ? finalized : finalized ? 'failed' : 'running';
  return {
    runId,
    enqueued: Number(enqueued ?? 0),
    total: total === null ? undefined : Number(total),
    done: doneCount,
    failed: Number(failed ?? 0),
    valuesCut: Number(valuesCut ?? 0),
    status,
    ratePerSecond: elapsedSeconds > 0 ? doneCount / elapsedSeconds : 0,
    elapsedSeconds,
    finalized: finalized !== null,
    ...(elsewhere ? { elsewhere } : {}),
  };
}

/**
 * Polls a run's counters, telling `onProgress` of every change, until the run is finalised; `finished` resolves with
 * the final progress. A Redis error while polling is retried on the next tick (the client reconnects by itself).
 * @internal
 */
export function watchRun(redis: Redis, prefix: string, runId: string, onProgress?: (progress: DistributedProgress) => void) {
  const startedMs = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let last = '';
  let settle!: (progress: DistributedProgress) => void;
  let fail!: (error: Error) => void;
  const finished = new Promise<DistributedProgress>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  finished.catch(() => undefined);
  const tick = async () => {
    if (stopped) return;
    try {
      const { finalized, ...progress } = await readProgress(redis, prefix, runId, startedMs);
      const key = `${progress.enqueued}/${progress.total}/${progress.done}/${progress.failed}/${progress.valuesCut}/${progress.status}/${progress.elsewhere ?? ''}`;
      if (key !== last) {
        last = key;
        onProgress?.(progress);
      }
      if (finalized) {
        stopped = true;
        settle(progress);
        return;
      }
    } catch {
      // next tick
    }
    if (!stopped) timer = setTimeout(() => void tick(), WATCH_INTERVAL_MS);
  };
  void tick();
  return {
    finished,
    /** Stops polling; `finished` rejects with `error` (default: the submitter was closed). */
    stop: (error?: Error) => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      fail(error ?? new Error(`stopped watching run ${runId} before it finished (the submitter was closed)`));
    },
  };
}
