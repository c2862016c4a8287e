/** The BullMQ queue every item (and every run's finalize job) goes through. @internal */
export const ITEMS_QUEUE = 'items';
/** The job name of a run's finalisation (item jobs are named 'item'). @internal */
export const FINALIZE_JOB = 'finalize';
export const ITEM_JOB = 'item';

/**
 * The Redis keys of one run: a hash (spec, counters, flags), a bitmap of the item indexes done, and its submitter's
 * liveness key.
 * BullMQ refuses custom job ids with one ':' in them, so job ids join with '_'.
 * @internal
 */
export function runKeys(prefix: string, runId: string) {
  const hash = `${prefix}:run:${runId}`;
  return {
    hash,
    done: `${hash}:done`,
    /** Exists while the run's submitter is alive and enqueuing (it refreshes the key's expiry). */
    submitter: `${hash}:submitter`,
    rate: `${hash}:rate`,
    /** The names of the workers that loaded the run's task and metrics (run-loaders.ts). */
    loaded: `${hash}:loaded`,
    /** The run's place on the queue's fair-share clock (fair-share.ts). */
    fair: `${hash}:fair`,
    itemJobId: (index: number) => `${runId}_${index}`,
    finalizeJobId: `finalize_${runId}`,
  };
}

/** The set of runs not yet finalised (queueStatus lists them). @internal */
export function activeRunsKey(prefix: string): string {
  return `${prefix}:runs`;
}

/** Fields of the run hash. @internal */
export const RUN_FIELDS = {
  spec: 'spec',
  name: 'name',
  enqueued: 'enqueued',
  /** What enqueued will be once the chunk being added is in (set before the chunk is added). */
  enqueuing: 'enqueuing',
  total: 'total',
  done: 'done',
  failed: 'failed',
  /** Values the workers recorded cut (past the run's maxValueChars), as a local run's result.valuesCut counts them. */
  valuesCut: 'valuesCut',
  cancelled: 'cancelled',
  /** Why a worker leaves the run's items to others: its database is not the run's (the first such worker says). */
  elsewhere: 'elsewhere',
  /** Why a worker could not load the run (then the run is finalised as failed). */
  failure: 'failure',
  /** The first item the database refused (the run then ends failed, as the Evaluator's does). */
  refused: 'refused',
  finalizing: 'finalizing',
  /** The final status, once the finalize job stored it. */
  finalized: 'finalized',
  finalizeCount: 'finalizeCount',
  startedAt: 'startedAt',
} as const;

/** How long a finalised run's keys stay (for late readers) and failed jobs are kept. @internal */
export const KEEP_SECONDS = 7 * 24 * 3600;
