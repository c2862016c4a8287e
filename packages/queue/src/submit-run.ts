import { hostname } from 'node:os';
import { datasetWarnings, prepareDataset, ValueCuts, type DatasetSource, type DatasetWarning, type LoadedItem, type ValueCutWarning } from '@llm-eval/evaluator';
import { RunNotFoundError, type AuditContext, type Database } from '@llm-eval/storage';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { cancelWith, noWorkerConnected } from './cancel-run';
import { removeQueuedItems } from './queued-items-removal';
import { databaseFingerprint } from './database-fingerprint';
import { openSharedDatabase, requireSharedDatabaseUrl } from './distributed-database';
import { QueueError, QueueStepError, QueueUnreachableError, SubmitCancelledError } from './errors';
import { addFinalizeJob, finalizeRun } from './finalize-run';
import { finalizeStoredRun, storeItems } from './run-store';
import { unqueueableItemRecord } from './unqueueable-item';
import { parseQueueUrl } from './queue-url';
import type { QueueConnection } from './queue-connection';
import { createRedis, DEFAULT_PREFIX, isRedisConnectionError, prefixOf, reachRedis, redisErrorText } from './redis-connection';
import { retryRedis } from './redis-retry';
import { abortable, withinMs } from './redis-script';
import { isRunComplete, markItemDone } from './run-completion';
import { fairPriorities } from './fair-share';
import { itemJobs, noteCutBeforeQueued } from './item-jobs';
import { activeRunsKey, ITEMS_QUEUE, KEEP_SECONDS, RUN_FIELDS, runKeys } from './run-keys';
import { RunStateKeeper } from './run-state-keeper';
import type { DistributedItemConfig, RunSpec, TaskReference } from './run-spec';
import { markRunDeleted, watchRunDeletion } from './run-deletion-watch';
import { watchRun, type DistributedProgress } from './run-progress';
import { DEFAULT_SUBMITTER_TTL_MS, markSubmitterAlive } from './submitter-liveness';
import { DEFAULT_NO_WORKERS_MS, watchWorkerPresence } from './worker-presence';

/** What submitRun needs. */
export interface SubmitRunOptions {
  queue: QueueConnection;
  /** Must be PostgreSQL (every worker must reach it); SQLite → DistributedSqliteError. Default LLM_EVAL_DATABASE_URL. */
  databaseUrl?: string;
  databaseUrlSource?: string;
  task: TaskReference;
  metrics: string[];
  /** Metric modules (absolute paths or package specifiers) each worker loads before resolving `metrics`. */
  metricFiles?: string[];
  /** A dataset file path, an array or (async) iterable of items — anything prepareDataset accepts. */
  dataset: DatasetSource;
  datasetName?: string;
  /** Per-item settings, as the Evaluator's, plus requestsPerSecond: ONE limit shared by all workers for this run. */
  config?: DistributedItemConfig;
  run?: { name?: string; projectId?: string; modelName?: string; modelVersion?: string; tags?: string[]; createdBy?: string; description?: string; runConfig?: Record<string, unknown> };
  /** Who submits the run: its `run.created` audit entry is written in the transaction that creates it. */
  audit?: AuditContext;
  /** Most items of this run waiting in Redis at once (backpressure while the dataset streams; default 1,000). */
  maxQueuedItems?: number;
  /**
   * How long enqueuing keeps retrying while Redis does not answer (a restart, a failover) before the submitter gives
   * up with QueueUnreachableError (default 5 minutes). The run's items already queued are unaffected.
   */
  redisPatienceMs?: number;
  /**
   * While enqueuing, the submitter keeps a key alive in Redis, refreshed every sixth of this. When it is gone this long
   * (the process was killed, or lost Redis) before every item was enqueued, the workers settle the run: it ends failed,
   * with the items enqueued by then run and stored, instead of staying running for good (default 30,000 ms).
   */
  submitterTtlMs?: number;
  /** Attempts of each item's job (default 8, 1 s exponential backoff). @internal (tests) */
  itemJobAttempts?: number;
  /** Aborting cancels the run (cancelRun). */
  signal?: AbortSignal;
  onProgress?: (progress: DistributedProgress) => void;
  /**
   * Called once per problem the dataset seems to have, in order, after the dataset is checked and before anything
   * connects or the run is created: the same list a local Evaluator emits as `{ type: 'warning' }` events (evaluator's
   * `datasetWarnings`) — a field that is ignored (`"answer"` where `"expected"` was meant), a CSV column that became the
   * input, no expected value for a metric in `metrics` that compares with it. A stream is not looked at up front.
   * `metricFiles` are not loaded here: a built-in they replace (registerMetric with override) still counts as comparing
   * unless this process registered it too. Aborting `signal` in the callback creates no run; throwing rejects submitRun.
   */
  onWarning?: (warning: DatasetWarning) => void;
  /**
   * Told once, at the first value of an item that is cut before it is enqueued: nested deeper than storage keeps (500
   * levels), it is kept to that depth, as a local run records it (a deeper value cannot even be serialised into the
   * queue). The worker's task gets the cut value; the final progress's valuesCut counts such values too.
   */
  onValueCut?: (warning: ValueCutWarning) => void;
  /**
   * Called when Redis had lost the run's state (a restart of a Redis that keeps nothing on disk, a FLUSHALL) and this
   * submitter put it back: how many items it enqueued again, and how many of those out at the time the database held.
   */
  onRestored?: (restored: { requeued: number; alreadyStored: number }) => void;
  /**
   * Told when the queue's Redis stops answering once the run is submitted (at most every 30 s while it stays away):
   * the run goes on once it answers again. The message names the URL with its password hidden.
   */
  onRedisError?: (message: string) => void;
  /**
   * Told once when no worker has been connected to the queue for `noWorkersMs` while the run waits for its items (none
   * was started, or every one stopped — a task that brings its worker down): the run goes on once one is started. The
   * message names the command that starts one, with the URL's password hidden. Not told when Redis does not allow
   * CLIENT LIST.
   */
  onNoWorkers?: (message: string) => void;
  /** How long without a connected worker before onNoWorkers is told (default 15,000 ms). */
  noWorkersMs?: number;
}

/** A submitted run. */
export interface DistributedRun {
  runId: string;
  /** Resolves with the item count once every item is enqueued. */
  readonly enqueued: Promise<number>;
  /**
   * Resolves when the run is finalised (statistics, totals, status stored exactly once) with its final progress.
   * Rejects with storage's RunNotFoundError within about a second of the run's deletion from the database.
   */
  done(): Promise<DistributedProgress>;
  cancel(reason?: string): Promise<void>;
  /** Closes this submitter's Redis/DB connections (does not cancel the run). */
  close(): Promise<void>;
}

/** Items added to Redis in one call. */
const ENQUEUE_CHUNK = 100;
/** How often a full queue is checked for room. */
const BACKPRESSURE_POLL_MS = 50;
/** Who holds a submitter's liveness key (its value, for whoever looks at Redis). */
const SUBMITTER = `${hostname()}:${process.pid}`;
/** How long enqueuing waits for an unreachable Redis by default. */
const DEFAULT_REDIS_PATIENCE_MS = 5 * 60_000;

/** How long onRedisError keeps quiet after it spoke, while Redis stays away. */
const REDIS_ERROR_QUIET_MS = 30_000;

/** Creates the run in the database (status running), then enqueues its items as the dataset streams. */
export async function submitRun(options: SubmitRunOptions): Promise<DistributedRun> {
  const databaseUrl = requireSharedDatabaseUrl(options.databaseUrl, options.databaseUrlSource);
  const { redacted } = parseQueueUrl(options.queue.url, 'the queue URL');
  if (!options.task?.module) throw new QueueError('submitRun needs task.module: the path or package each worker imports the task from.');
  const maxQueued = options.maxQueuedItems ?? 1_000;
  if (!Number.isInteger(maxQueued) || maxQueued < 1) throw new QueueError(`maxQueuedItems must be a whole number >= 1, got ${maxQueued}.`);
  const submitterTtlMs = options.submitterTtlMs ?? DEFAULT_SUBMITTER_TTL_MS;
  if (!Number.isInteger(submitterTtlMs) || submitterTtlMs < 600) throw new QueueError(`submitterTtlMs must be a whole number of milliseconds >= 600, got ${submitterTtlMs}.`);
  const dataset = await prepareDataset(options.dataset, options.datasetName);
  // Told before the run exists, as a local run tells them: "answer" for "expected" is seen before every item scores 0.
  for (const warning of datasetWarnings(dataset, options.metrics)) options.onWarning?.(warning);
  const prefix = prefixOf(options.queue);
  const db = await openSharedDatabase(databaseUrl, options.databaseUrlSource);
  const redis = createRedis(options.queue, 'the queue URL');
  const queue = new Queue(ITEMS_QUEUE, { connection: redis, prefix });
  // Connection errors while Redis restarts: ioredis reconnects and the commands wait (maxRetriesPerRequest: null).
  queue.on('error', () => undefined);
  const spec: RunSpec = { task: options.task, metrics: [...options.metrics], metricFiles: [...(options.metricFiles ?? [])], config: { ...options.config } };
  const now = new Date();
  let runId: string;
  let fields: Record<string, string>;
  const cancelled = () => new SubmitCancelledError('Submitting was cancelled before the run was queued: nothing of it runs.');
  try {
    // A Redis it cannot reach (down, a wrong host or password, TLS to a plain port) fails the submission at once, or
    // within 10 s, before a run is created that no worker would ever see.
    await reachRedis(redis, options.queue, undefined, { signal: options.signal, error: cancelled });
    // From here on the client reconnects by itself: say so, rather than let a progress line stall without a word.
    let lastSaid = -Infinity;
    redis.on('error', (error: Error) => {
      if (!options.onRedisError || !isRedisConnectionError(error) || Date.now() - lastSaid < REDIS_ERROR_QUIET_MS) return;
      lastSaid = Date.now();
      options.onRedisError(`the queue's Redis at ${redacted} does not answer (${redisErrorText(options.queue, error)}); the run goes on once it does`);
    });
    const database = await databaseFingerprint(db);
    if (database) spec.database = database;
    if (options.signal?.aborted) throw cancelled();
    const run = options.run ?? {};
    const created = await db.runs.createRun({
      name: (run.name ?? `${dataset.name}-${now.toISOString().replace(/[:.]/g, '-')}`).slice(0, 255),
      description: run.description ?? null,
      status: 'running',
      projectId: run.projectId ?? null,
      datasetName: dataset.name,
      modelName: run.modelName ?? null,
      modelVersion: run.modelVersion ?? null,
      metricsUsed: spec.metrics,
      config: { ...run.runConfig, ...spec.config, distributed: { queue: redacted, task: spec.task, metricFiles: spec.metricFiles, maxQueuedItems: maxQueued } },
      environment: { node: process.version, platform: process.platform, submittedFrom: hostname() },
      tags: run.tags ?? [],
      createdBy: run.createdBy ?? null,
      createdAt: now,
      startedAt: now,
      totalItems: 0,
      // No single writer: the workers keep the heartbeat fresh while they work on the run. Stamped by the database's
      // clock ('now'), which readers judge it by: this machine's clock may be minutes off theirs.
      writerHost: null,
      writerPid: null,
      heartbeatAt: 'now',
    }, options.audit);
    runId = created.id;
    const keys = runKeys(prefix, runId);
    fields = {
      [RUN_FIELDS.spec]: JSON.stringify(spec),
      [RUN_FIELDS.name]: created.name,
      [RUN_FIELDS.startedAt]: String(now.getTime()),
      [RUN_FIELDS.enqueued]: '0',
      [RUN_FIELDS.done]: '0',
      [RUN_FIELDS.failed]: '0',
    };
    // Nothing is enqueued yet, so setting these again is harmless when a try was cut off. The submitter's liveness key
    // comes with the run, so no worker ever sees the run without it while the submitter lives.
    const register = () =>
      redis.multi().hset(keys.hash, fields).set(keys.submitter, SUBMITTER, 'PX', submitterTtlMs).sadd(activeRunsKey(prefix), runId).exec();
    try {
      // A cancel (Ctrl-C) while Redis does not answer stops waiting at once.
      const registered = retryRedis(register, {
        what: `registering run ${runId} in the queue`,
        stopped: () => options.signal?.aborted === true,
        patienceMs: options.redisPatienceMs ?? DEFAULT_REDIS_PATIENCE_MS,
      });
      await abortable(registered, options.signal);
    } catch (error) {
      // The run exists in the database but no worker will ever see it: store it as cancelled or failed, with the reason.
      const final =
        options.signal?.aborted === true
          ? { status: 'cancelled' as const, statusReason: 'cancelled before it was queued' }
          : { status: 'failed' as const, statusReason: `not queued: ${(error as Error).message}`.slice(0, 2_000) };
      await finalizeStoredRun(db, runId, { ...final, completedAt: new Date(), durationSeconds: 0 }).catch(() => undefined);
      throw options.signal?.aborted === true ? cancelled() : error;
    }
  } catch (error) {
    await queue.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    redis.disconnect();
    throw error;
  }
  const keeper = new RunStateKeeper({
    redis,
    queue,
    db,
    prefix,
    runId,
    fields: { [RUN_FIELDS.spec]: fields[RUN_FIELDS.spec]!, [RUN_FIELDS.name]: fields[RUN_FIELDS.name]!, [RUN_FIELDS.startedAt]: fields[RUN_FIELDS.startedAt]! },
    submitter: { owner: SUBMITTER, ttlMs: submitterTtlMs },
    itemJobAttempts: options.itemJobAttempts,
    onRestored: options.onRestored,
  });
  return new Submission(runId, prefix, db, redis, queue, dataset.items(), maxQueued, submitterTtlMs, keeper, options);
}

/** How long abandoning a run waits for Redis to note it. */
const ABANDON_REDIS_MS = 5_000;

/** Longest close() waits for a deleted run to be cancelled and finalised in Redis. */
const DELETED_CLEANUP_MS = 5_000;

/** Longest close() spends removing a cancelled run's queued items (a Redis that stopped answering meanwhile). */
const REMOVE_ITEMS_MS = 10_000;

/** How long after a cancel the submitter waits for a worker to finalise the run before it does so itself. */
const SELF_FINALIZE_AFTER_MS = 10_000;

class Submission implements DistributedRun {
  readonly enqueued: Promise<number>;
  private readonly watcher: ReturnType<typeof watchRun>;
  private stopped = false;
  private closed: Promise<void> | undefined;
  private readonly onAbort = () => void this.cancel('cancelled').catch(() => undefined);
  /** Cancelled and finalised here with no worker connected: close() removes its queued items from Redis. */
  private removeItemsOnClose = false;
  /** After a cancel: finalises the run here if no worker has (cancel). */
  private selfFinalize: NodeJS.Timeout | undefined;
  private readonly redisPatienceMs: number;
  private readonly startedMs = Date.now();
  /** Stops watching for the absence of workers (onNoWorkers). */
  private readonly stopPresence: () => void;
  /** Stops looking for the run's deletion from the database. */
  private readonly stopDeletionWatch: () => void;
  /** Set once the run was found deleted: its removal from the queue, which close() lets finish. */
  private deleting: Promise<void> | undefined;
  /** Cuts items nested too deep to be enqueued (as a local run records them), counting and reporting the cuts. */
  private readonly cuts: ValueCuts;

  constructor(
    readonly runId: string,
    private readonly prefix: string,
    private readonly db: Database,
    private readonly redis: Redis,
    private readonly queue: Queue,
    items: Iterable<LoadedItem> | AsyncIterable<LoadedItem>,
    private readonly maxQueued: number,
    submitterTtlMs: number,
    private readonly keeper: RunStateKeeper,
    private readonly options: SubmitRunOptions,
  ) {
    this.redisPatienceMs = options.redisPatienceMs ?? DEFAULT_REDIS_PATIENCE_MS;
    this.cuts = new ValueCuts(options.config?.maxValueChars ?? Number.POSITIVE_INFINITY, (warning) => options.onValueCut?.(warning));
    this.watcher = watchRun(redis, prefix, runId, options.onProgress);
    this.stopPresence = options.onNoWorkers ? this.watchPresence(options.onNoWorkers) : () => undefined;
    this.stopDeletionWatch = watchRunDeletion(db, runId, () => {
      this.deleting = this.deleted().catch(() => undefined);
    });
    void this.watcher.finished
      .catch(() => undefined)
      .finally(() => {
        this.stopPresence();
        this.stopDeletionWatch();
      });
    // Alive while enqueuing; a failed refresh (Redis restarting) is made good by the next, well before the key expires.
    const alive = setInterval(() => void markSubmitterAlive(redis, prefix, runId, SUBMITTER, submitterTtlMs).catch(() => undefined), submitterTtlMs / 6);
    alive.unref();
    this.enqueued = this.pump(items);
    // Puts the run back if Redis loses it (a restart without persistence) while this submitter lives.
    keeper.start();
    void this.enqueued
      .catch((error: unknown) => {
        if (error instanceof QueueUnreachableError || error instanceof QueueStepError) void this.abandon(error);
      })
      .finally(() => clearInterval(alive));
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal?.aborted) this.onAbort();
  }

  done(): Promise<DistributedProgress> {
    return this.watcher.finished;
  }

  /** Tells `onNoWorkers` once when no worker has been connected for a while, naming how to start one. */
  private watchPresence(onNoWorkers: (message: string) => void): () => void {
    const aloneMs = this.options.noWorkersMs ?? DEFAULT_NO_WORKERS_MS;
    const { redacted } = parseQueueUrl(this.options.queue.url, 'the queue URL');
    const prefixFlag = this.prefix === DEFAULT_PREFIX ? '' : ` --queue-prefix ${this.prefix}`;
    return watchWorkerPresence(this.queue, this.redis, aloneMs, () =>
      onNoWorkers(
        `no worker has been connected to the queue at ${redacted} for ${Math.round(aloneMs / 1000)} s: run ${this.runId}'s items wait until ` +
          `one is started (llm-eval worker --queue ${redacted}${prefixFlag})`,
      ),
    );
  }

  /**
   * Enqueuing gave up (Redis stayed unreachable, or a step failed for another reason): without its total the run can
   * never complete, so it is stored as failed with the reason (workers that reach Redis again skip its remaining
   * items: the database refuses them), and done() rejects with the error instead of waiting for ever. Redis is told
   * too when it answers (cancelled, finalised as failed, no longer active), so `queue status` agrees with the database;
   * when it does not, the workers settle the run once this submitter's liveness key expires.
   */
  private async abandon(error: QueueUnreachableError | QueueStepError): Promise<void> {
    // The run is over: its state in Redis is not to be put back (RunStateKeeper) once it is settled there.
    this.keeper.stop();
    const completedAt = new Date();
    const reason = `enqueuing stopped: ${error.message}`.slice(0, 2_000);
    await finalizeStoredRun(this.db, this.runId, {
      status: 'failed',
      statusReason: reason,
      completedAt,
      durationSeconds: (completedAt.getTime() - this.startedMs) / 1000,
    }).catch(() => undefined);
    const keys = runKeys(this.prefix, this.runId);
    // Each command on its own in the MULTI: one refused (the run's hash not a hash) does not keep the others from running.
    const settle = this.redis
      .multi()
      .hsetnx(keys.hash, RUN_FIELDS.failure, reason)
      .hset(keys.hash, RUN_FIELDS.cancelled, '1')
      .hset(keys.hash, RUN_FIELDS.finalized, 'failed')
      .expire(keys.hash, KEEP_SECONDS)
      .expire(keys.done, KEEP_SECONDS)
      .del(keys.submitter)
      .srem(activeRunsKey(this.prefix), this.runId)
      .exec();
    await withinMs(settle, ABANDON_REDIS_MS).catch(() => undefined);
    this.watcher.stop(error);
  }

  /**
   * The run was deleted from the database while it ran: done() rejects with RunNotFoundError at once, enqueuing stops,
   * and the run is cancelled in Redis (every worker aborts its items in flight and skips the rest) and finalised there
   * (as deleted), so nothing of it stays in the queue.
   */
  private async deleted(): Promise<void> {
    this.stopped = true;
    this.watcher.stop(new RunNotFoundError(this.runId));
    await markRunDeleted(this.db, this.redis, this.prefix, this.runId);
  }

  async cancel(reason?: string): Promise<void> {
    this.stopped = true;
    const cancelled = await cancelWith(this.db, this.redis, this.queue, this.prefix, this.runId, reason);
    // A worker finalises a cancelled run (its finalize job waits 2 s for items in flight to stop). With no worker
    // connected nobody would: the submitter finalises it at once (Ctrl-C then ends the command at once, and the stored
    // duration ends at the cancel). With workers it waits for them, and finalises it itself if none has within
    // SELF_FINALIZE_AFTER_MS (they may all have gone meanwhile). Finalising is once-only however many try, and a
    // worker's late batch of the cancelled run is refused.
    if (cancelled && (await noWorkerConnected(this.queue, this.redis))) {
      const finalized = await this.finalizeUnlessDone().then(() => true, () => false);
      if (finalized) {
        // Its queued items go once enqueuing has stopped (close), not to wait in Redis for a worker to skip them.
        this.removeItemsOnClose = true;
        return;
      }
    }
    this.selfFinalize ??= setTimeout(() => void this.finalizeUnlessDone().catch(() => undefined), SELF_FINALIZE_AFTER_MS);
  }

  private async finalizeUnlessDone(): Promise<void> {
    const finalized = await this.redis.hget(runKeys(this.prefix, this.runId).hash, RUN_FIELDS.finalized);
    if (finalized === null) await finalizeRun(this.db, this.redis, this.prefix, this.runId);
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      // The run needs its total to finish: enqueuing goes on until the dataset is in the queue (or the run is cancelled).
      await this.enqueued.catch(() => undefined);
      if (this.removeItemsOnClose) await withinMs(removeQueuedItems(this.queue, this.runId), REMOVE_ITEMS_MS).catch(() => undefined);
      // Its items would otherwise go on in the workers until they time out; not waited for long while Redis does not answer.
      if (this.deleting) await Promise.race([this.deleting, new Promise((r) => setTimeout(r, DELETED_CLEANUP_MS).unref())]);
      this.options.signal?.removeEventListener('abort', this.onAbort);
      clearTimeout(this.selfFinalize);
      this.watcher.stop();
      this.stopPresence();
      this.stopDeletionWatch();
      this.keeper.stop();
      await this.queue.close().catch(() => undefined);
      await this.db.close().catch(() => undefined);
      this.redis.disconnect();
    })();
    return this.closed;
  }

  /**
   * The item as it can be enqueued: its input, expected value and metadata cut past storage's depth (500 levels), as
   * a local run records them; deeper nesting would overflow the stack serialising the job, and values JSON cannot
   * hold (a BigInt) would throw there. Long values stay whole (the worker's task reads them; the worker cuts them as
   * it records them). Plain items come back as they are.
   */
  private queueable(item: LoadedItem): LoadedItem {
    const before = this.cuts.count;
    const input = this.cuts.nesting(item.input, item.id, 'input');
    const expected = this.cuts.nesting(item.expected, item.id, 'expected');
    const metadata = item.metadata === undefined ? undefined : this.cuts.nesting(item.metadata, item.id, 'metadata');
    // toSafeValue hands plain JSON back as it is: anything else (a BigInt, a Map) is sent as a local run records it.
    if (input === item.input && expected === item.expected && metadata === item.metadata) return item;
    const safe = { ...item, input, expected, metadata: metadata as LoadedItem['metadata'] };
    noteCutBeforeQueued(safe, this.cuts.count - before);
    return safe;
  }

  /**
   * Adds a chunk's jobs. When adding them throws before Redis answers (a QueueStepError that is not Redis's reply:
   * something in an item could not be sent), its items are added one by one, and an item refused on its own is stored
   * as a failed item naming why and counted done: it never costs the run or its other items. An error Redis replied
   * with (out of memory, a key of the wrong type) would refuse every item alike: it fails the run instead.
   */
  private async addJobs(
    jobs: LoadedItem[],
    priorities: readonly number[],
    redisStep: <T>(what: string, step: () => Promise<T>) => Promise<T>,
  ): Promise<void> {
    const add = (items: LoadedItem[], slots: readonly number[]) =>
      redisStep('enqueuing items', () => this.queue.addBulk(itemJobs(this.prefix, this.runId, items, this.options.itemJobAttempts, slots)));
    try {
      await add(jobs, priorities);
      return;
    } catch (error) {
      if (!isItemError(error)) throw error;
    }
    for (let i = 0; i < jobs.length; i++) {
      try {
        await add([jobs[i]!], [priorities[i]!]);
      } catch (error) {
        if (!isItemError(error)) throw error;
        await this.storeUnqueueable(jobs[i]!, (error.cause as Error | undefined)?.message ?? error.message, redisStep);
      }
    }
  }

  /** Stores an item the queue refused as failed (unqueueableItemRecord) and counts it done, so the run can complete. */
  private async storeUnqueueable(item: LoadedItem, reason: string, redisStep: <T>(what: string, step: () => Promise<T>) => Promise<T>): Promise<void> {
    const stored = await storeItems(this.db, this.runId, [unqueueableItemRecord(item, reason)]).catch(() => undefined);
    if (!stored || stored.refused.length) await storeItems(this.db, this.runId, [unqueueableItemRecord(item, reason, false)]).catch(() => undefined);
    await redisStep('counting an item the queue refused', () => markItemDone(this.redis, this.prefix, this.runId, item.index, true));
  }

  /** Streams the dataset into the queue, never more than maxQueued items of this run outstanding; then sets total. */
  private async pump(items: Iterable<LoadedItem> | AsyncIterable<LoadedItem>): Promise<number> {
    const keys = runKeys(this.prefix, this.runId);
    let enqueued = 0;
    let chunk: LoadedItem[] = [];
    const chunkSize = Math.min(ENQUEUE_CHUNK, this.maxQueued);
    // Every step is idempotent (fixed job ids, the enqueued count set, not added), so a step cut by a Redis restart is
    // simply tried again; only the dataset's own errors fail the run.
    const redisStep = <T>(what: string, step: () => Promise<T>) =>
      retryRedis(step, { what: `${what} (run ${this.runId})`, stopped: () => this.stopped, patienceMs: this.redisPatienceMs });
    const flush = async () => {
      if (!chunk.length) return;
      const jobs = chunk;
      chunk = [];
      // Wait for room: at most maxQueued items of this run enqueued and not done (bounded memory in Redis).
      for (;;) {
        const [done, cancelled] = await redisStep('reading the run\'s counters', () => this.redis.hmget(keys.hash, RUN_FIELDS.done, RUN_FIELDS.cancelled));
        // Cancelled here or elsewhere (cancelRun, a worker that could not load the task): stop streaming.
        if (cancelled) this.stopped = true;
        if (this.stopped) return;
        if (enqueued - Number(done ?? 0) + jobs.length <= this.maxQueued) break;
        await new Promise((r) => setTimeout(r, BACKPRESSURE_POLL_MS));
      }
      // Noted first, so if this process dies mid-add the workers can tell whether the chunk landed (submitter-liveness.ts).
      const enqueuing = String(enqueued + jobs.length);
      this.keeper.track(jobs);
      await redisStep('noting the items being enqueued', () => this.redis.hset(keys.hash, RUN_FIELDS.enqueuing, enqueuing));
      // Its place among the other runs' items (fair-share.ts); a cut step tried again only leaves a gap in the run's slots.
      const priorities = await redisStep('placing the items among other runs\' items', () => fairPriorities(this.redis, this.queue, this.prefix, this.runId, jobs.length));
      await this.addJobs(jobs, priorities, redisStep);
      enqueued += jobs.length;
      this.keeper.noteEnqueued(enqueued);
      const count = String(enqueued);
      await redisStep('counting the enqueued items', () => this.redis.hset(keys.hash, RUN_FIELDS.enqueued, count));
    };
    try {
      for await (const item of items) {
        if (this.stopped) break;
        chunk.push(this.queueable(item));
        if (chunk.length >= chunkSize) await flush();
      }
      await flush();
    } catch (error) {
      // Cancelled or closed while a Redis step was retried: the cancel has done what there is to do.
      if (this.stopped) return enqueued;
      // Redis stayed unreachable past the patience, or a step failed for another reason: abandon() stores the run failed.
      if (error instanceof QueueUnreachableError || error instanceof QueueStepError) throw error;
      // The dataset broke mid-stream: the run fails with the reason; what is queued is skipped.
      const message = `the dataset could not be read: ${(error as Error)?.message ?? String(error)}`;
      await redisStep('recording the dataset\'s failure', () =>
        this.redis.multi().hsetnx(keys.hash, RUN_FIELDS.failure, message.slice(0, 2_000)).hset(keys.hash, RUN_FIELDS.cancelled, '1').exec(),
      );
      await redisStep('adding the finalize job', () => addFinalizeJob(this.queue, this.runId));
      throw error;
    }
    if (this.stopped) return enqueued;
    this.keeper.noteTotal(enqueued);
    await redisStep('setting the run\'s total', () => this.redis.hset(keys.hash, RUN_FIELDS.total, String(enqueued)));
    // Every item may be done before total was known: then no worker saw the run complete.
    if (await redisStep('checking whether the run is complete', () => isRunComplete(this.redis, this.prefix, this.runId))) {
      await redisStep('adding the finalize job', () => addFinalizeJob(this.queue, this.runId));
    }
    return enqueued;
  }
}

/** A step's error about what was sent, not about Redis: thrown before Redis answered (ioredis's ReplyError is its answer). */
function isItemError(error: unknown): error is QueueStepError {
  return error instanceof QueueStepError && (error.cause as Error | undefined)?.name !== 'ReplyError';
}
