import { hostname } from 'node:os';
import { itemResultToRecord, type LoadedItem } from '@llm-eval/evaluator';
import type { Database } from '@llm-eval/storage';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { workerConnectionName, workerIdentity } from './connected-workers';
import { databaseFingerprint } from './database-fingerprint';
import { isDatabaseUnreachable } from './database-unreachable';
import { openSharedDatabase, requireSharedDatabaseUrl } from './distributed-database';
import { QueueError, type QueueUnreachableError, type TaskLoadError } from './errors';
import { addFinalizeJob, finalizeRun } from './finalize-run';
import { ItemBatcher } from './item-batcher';
import { noteItemGivenUp } from './item-given-up';
import { itemJobs } from './item-jobs';
import { isStallLimit, lostItemRecord, MAX_WORKER_STOPS } from './lost-item';
import { defaultLoadMetricFiles, defaultLoadTask, describeTask } from './load-task';
import type { QueueConnection } from './queue-connection';
import { parseQueueUrl } from './queue-url';
import { checkDatabase, createRedis, databaseError, firstAnswer, isDatabaseRefused, isRedisConnectionError, prefixOf, redisErrorText } from './redis-connection';
import { maskCredentials, urlCredentials } from './redis-credentials';
import { isRunComplete, markItemDone } from './run-completion';
import { activeRunsKey, FINALIZE_JOB, ITEMS_QUEUE, RUN_FIELDS, runKeys } from './run-keys';
import { markRunDeleted } from './run-deletion-watch';
import { liveRunLoaders, noteRunLoaded } from './run-loaders';
import { RedisOutage } from './redis-outage';
import { RunRunners, type RunEntry } from './run-runners';
import { settleOrphanedRun } from './submitter-liveness';
import type { TaskReference } from './run-spec';
import { TaskSlots } from './task-slots';
import { DEFAULT_WATCHDOG_MS, EventLoopWatchdog } from './event-loop-watchdog';

/** How long the finalize job of a run cancelled in the database waits, so other workers' items in flight stop first. */
const CLOSED_FINALIZE_DELAY_MS = 2_000;
/** How long a job of a run stored in another database than this worker's waits before a worker takes it again. */
const ELSEWHERE_DELAY_MS = 1_000;
/**
 * How long a worker that met only such jobs stops taking any (doubling while it meets nothing else, up to the most):
 * without a pause it would take them as fast as Redis answers, ahead of the workers that can run them.
 */
const ELSEWHERE_PAUSE_MS = { first: 2_000, most: 60_000 };
/** How often a worker checks whether its runs were cancelled (one HMGET per run). */
const STATUS_POLL_MS = 500;
/** How often a worker looks for runs whose submitter died before enqueuing every item, by default. */
const ORPHAN_CHECK_MS = 10_000;
/** How often a worker refreshes the heartbeat of a run it stores items of (storage's interval). */
const HEARTBEAT_MS = 5_000;

/** How long a closing worker waits for an unreachable Redis before it stops without handing its items back. */
const CLOSE_REDIS_DOWN_MS = 3_000;
/**
 * BullMQ jobs a worker holds per task slot. A job stays active while its item's batch is stored (~40 ms an item on a
 * busy PostgreSQL, next to a 100 ms task); twice the slots lets the next task start while the last one's row is written.
 */
const JOBS_PER_TASK_SLOT = 2;
/**
 * About how long an item of a run whose rate limit already holds enough of this worker's items goes back to the queue
 * (until its Retry-After pause is over, when that is longer).
 */
const HELD_BACK_MS = 1_000;
/** How often an item held back checks whether its run may hold it after all. */
const ROOM_POLL_MS = 50;
/**
 * How long a job that met a database it could not reach goes back to the queue, its attempts untouched: the first
 * wait, doubled while the database stays out of reach, up to the most. An outage of any length costs no item.
 */
const DATABASE_WAIT_MS = { first: 1_000, most: 30_000 };
/** What a task slot's work returns for an item handed back to the queue (heldBack). */
const HELD_BACK = Symbol('held back');

/** Options of startWorker. */
export interface WorkerOptions {
  queue: QueueConnection;
  databaseUrl?: string;
  databaseUrlSource?: string;
  /** Tasks running at once in this worker (default 10); as many more items may be waiting to be stored. */
  concurrency?: number;
  /** Shown by queueStatus (default host:pid). */
  name?: string;
  /** Loads a run's task; default: dynamic import() of the module, export `task`/default/named. */
  loadTask?: (ref: TaskReference) => Promise<unknown>;
  /** Loads metric modules (registering their metrics). */
  loadMetricFiles?: (files: string[]) => Promise<void>;
  /**
   * How long loading a run's task and --metric-file modules may take (default 60,000 ms): past it, the run is stored as
   * failed with the reason and this worker goes on with other runs' items. An import that never settles (a top-level
   * await) would otherwise hold every slot of every worker.
   */
  loadTimeoutMs?: number;
  /** BullMQ stalled-job check interval (default 30,000 ms). */
  stalledIntervalMs?: number;
  /** Lock duration of an active item (default 30,000 ms). */
  lockDurationMs?: number;
  /**
   * How often the worker looks for runs whose submitter is gone before it enqueued every item (submitRun's
   * submitterTtlMs), and settles them: failed, once the items enqueued by then are done (default 10,000 ms).
   */
  orphanCheckMs?: number;
  /**
   * The least time the event loop may stand still before the worker writes one line to stderr naming the items in
   * flight and kills itself (SIGKILL), so other workers take its items over and a supervisor restarts it: a task stuck
   * in a synchronous endless loop would otherwise hold them, and look alive, for ever. The limit is never below a
   * running item's timeout (or metric timeout) plus the stall interval. Off by default (0): set it above the longest
   * synchronous work a task or metric module does, loading included (a module that builds a tokenizer for 90 s at
   * import would otherwise be killed in every worker that takes its run), and not while a debugger holds the worker.
   */
  watchdogMs?: number;
  /** Tries of one batch write before its items' jobs fail (and are retried by BullMQ): default 5. @internal (tests) */
  storeAttempts?: number;
  /** Events for logs: started/finished runs, items failed to load, reconnects. */
  onEvent?: (event: WorkerEvent) => void;
}

/**
 * Something a worker did that a log may show. Types: started, stopped, run-started, run-finished, run-cancelled,
 * run-orphaned, run-deleted, load-failed, item-refused, value-cut (once per run, at its first value cut), retry-after-too-long (once per run, at the first item the model API asked to wait past maxRetryAfterMs), store-retry, database-unreachable (once per outage: jobs go back to the queue until it ends), database-back, job-failed, rate-limit-error, reconnecting, error.
 */
export type WorkerEvent = { type: string; runId?: string; message: string };

/** A running worker. */
export interface QueueWorker {
  name: string;
  /** Graceful: waits for active items (or returns them to the queue), then closes every connection. */
  close(): Promise<void>;
  /**
   * Resolves once the worker has stopped: with undefined after close(), or with the error when it stopped by itself
   * because its Redis refused the URL's database number (Redis answered only after the worker started, or restarted
   * with fewer databases). It never takes items from another database.
   */
  readonly stopped: Promise<QueueUnreachableError | undefined>;
}

/** Data of an item job. @internal */
export interface ItemJobData {
  runId: string;
  item: LoadedItem;
  /** Every worker that ran the item stopped: store it as failed (lostItemRecord) instead of running it. */
  lost?: true;
  /** Values the submitter cut in the item before enqueuing it (nested too deep): counted with the item, once. */
  valuesCut?: number;
}

/**
 * Starts a worker: it takes items of any run from the queue, runs each with the run's task and metrics (loaded once
 * per run), stores them in batches, counts each item once, and finalises a run when its last item is done.
 */
/** How long the same error message is not repeated in a worker's events (a Redis that is down fails ~3 times a second). */
const REPEAT_QUIET_MS = 30_000;

/** `emit`, with an error or reconnecting event whose message was emitted in the last REPEAT_QUIET_MS left out. */
function quietRepeats(emit: (event: WorkerEvent) => void): (event: WorkerEvent) => void {
  const last = new Map<string, number>();
  return (event) => {
    if (event.type === 'error' || event.type === 'reconnecting') {
      const now = Date.now();
      if (now - (last.get(event.message) ?? -Infinity) < REPEAT_QUIET_MS) return;
      if (last.size > 100) last.clear();
      last.set(event.message, now);
    }
    emit(event);
  };
}

export async function startWorker(options: WorkerOptions): Promise<QueueWorker> {
  const databaseUrl = requireSharedDatabaseUrl(options.databaseUrl, options.databaseUrlSource);
  const prefix = prefixOf(options.queue);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  // What the jobs it holds and its connections name: its own, though another worker may have been given the same name.
  const identity = workerIdentity(name);
  const onEvent = options.onEvent ?? (() => {});
  // The client hides its credentials in its errors; an event quoting an error from elsewhere (a task's, BullMQ's own)
  // might still hold the queue URL's password, and a worker's log is kept and shared.
  const credentials = urlCredentials(options.queue.url);
  const emit = quietRepeats((event) => onEvent({ ...event, message: maskCredentials(event.message, credentials) }));
  // Never ready in another database than the URL's: ioredis would go on in database 0 of a Redis that has no
  // database of the URL's number (at start, or restarted with fewer databases), taking other runs' items. The client
  // and BullMQ's connections (its duplicates) end each connection whose SELECT is refused instead, and retry.
  // Named as BullMQ names the worker's blocking-fetch connection: `queue status` hears from a worker on either.
  const redis = createRedis(options.queue, 'the queue URL', { onlyInItsDatabase: true, connectionName: workerConnectionName(prefix, identity) });
  // From the first moment: without a listener ioredis prints "Unhandled error event" and a stack trace for each failed
  // connection attempt while the database opens (a Redis that is down, a wrong password, a wrong host).
  const { redacted } = parseQueueUrl(options.queue.url);
  // Each of BullMQ's connections reports a failure of Redis too: they read the same, so quietRepeats shows one.
  // A database number Redis refuses is not logged here: it fails startWorker, or stops the worker (workerOf).
  let workerOf: DistributedWorker | undefined;
  let refusal: QueueUnreachableError | undefined;
  const redisError = (error: Error) => {
    if (!isDatabaseRefused(error)) {
      emit({ type: 'error', message: `worker ${name}: the queue's Redis at ${redacted}: ${redisErrorText(options.queue, error)}` });
      return;
    }
    refusal ??= databaseError(redis, options.queue, error);
    workerOf?.refuse(refusal);
  };
  redis.on('error', redisError);
  let db: Database | undefined;
  let checked: boolean;
  try {
    // As the submitter does: a Redis that refuses the database now fails startWorker. One that does not answer yet is
    // waited for (the worker checks once it does).
    checked = await firstAnswer(redis, options.queue);
    db = await openSharedDatabase(databaseUrl, options.databaseUrlSource);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  workerOf = new DistributedWorker(options, name, identity, prefix, redis, db, emit, redisError);
  // Redis refused the database while the database opened (it restarted, or answered late): the worker stops at once.
  const worker = workerOf.start(checked && !refusal);
  if (refusal) workerOf.refuse(refusal);
  return worker;
}

class DistributedWorker {
  private readonly queue: Queue;
  private worker!: Worker;
  private readonly batcher: ItemBatcher;
  private readonly runners: RunRunners;
  /** databaseFingerprint() of this worker's database, once known. */
  private fingerprint: string | undefined;
  /** Runs of another database this worker has already said it leaves to others. */
  private readonly saidElsewhere = new Set<string>();
  /** Runs this worker has warned about a value it cut (once per run, even when it loads the run again). */
  private readonly saidCut = new Set<string>();
  /** Runs this worker already said a too-long Retry-After of (once per run, like a local run's warning event). */
  private readonly saidLongWait = new Set<string>();
  /** The next pause after a job left to others (ELSEWHERE_PAUSE_MS), and whether the worker is paused for one. */
  private elsewherePauseMs = ELSEWHERE_PAUSE_MS.first;
  private pausedForElsewhere = false;
  /**
   * The database could not be reached at this worker's last try: until databaseBackAt no item's task is run here
   * (its result could not be stored), and after it one item at a time tries (databaseProbe) until one is stored.
   */
  private databaseDown = false;
  private databaseBackAt = 0;
  private databaseWaitMs = DATABASE_WAIT_MS.first;
  private databaseProbe = false;
  private readonly lastBeat = new Map<string, number>();
  private readonly taskSlots: TaskSlots;
  private readonly outage: RedisOutage;
  private watchdog: EventLoopWatchdog | undefined;
  private poller: NodeJS.Timeout | undefined;
  private orphanChecker: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private running = false;
  private failure: QueueUnreachableError | undefined;
  private resolveStopped: (error: QueueUnreachableError | undefined) => void = () => undefined;

  constructor(
    private readonly options: WorkerOptions,
    readonly name: string,
    private readonly identity: string,
    private readonly prefix: string,
    private readonly redis: Redis,
    private readonly db: Database,
    private readonly emit: (event: WorkerEvent) => void,
    private readonly redisError: (error: Error) => void,
  ) {
    this.queue = new Queue(ITEMS_QUEUE, { connection: redis, prefix });
    this.outage = new RedisOutage(redis);
    this.taskSlots = new TaskSlots(options.concurrency ?? 10);
    this.batcher = new ItemBatcher(db, {
      attempts: options.storeAttempts,
      retryBaseDelayMs: options.storeAttempts === undefined ? undefined : 50,
      onWritten: (runId) => this.heartbeat(runId),
      onRetry: (runId, error, attempt) =>
        emit({ type: 'store-retry', runId, message: `storing items of run ${runId} failed (try ${attempt}): ${error.message}; retrying` }),
    });
    this.runners = new RunRunners({
      redis,
      prefix,
      workerName: name,
      loadTask: options.loadTask ?? defaultLoadTask,
      loadMetricFiles: options.loadMetricFiles ?? defaultLoadMetricFiles,
      onLoadFailure: (runId, error) => this.failRun(runId, error),
      loadTimeoutMs: options.loadTimeoutMs,
      databaseFingerprint: async () => (this.fingerprint ??= await databaseFingerprint(db)),
      taskSlots: this.taskSlots,
      onLoaded: (runId, spec) => {
        emit({ type: 'run-started', runId, message: `worker ${name} runs items of run ${runId} (task ${describeTask(spec.task)})` });
        noteRunLoaded(redis, prefix, runId, identity).catch((error: unknown) =>
          emit({ type: 'error', runId, message: `worker ${name} could not note in Redis that it loaded run ${runId}: ${(error as Error)?.message ?? String(error)}` }),
        );
      },
      onRateLimitError: (runId, error) => emit({ type: 'rate-limit-error', runId, message: error.message }),
      onValueCut: (runId, warning) => {
        if (this.saidCut.has(runId)) return;
        this.saidCut.add(runId);
        emit({ type: 'value-cut', runId, message: `run ${runId}: ${warning.message}` });
      },
      onRetryAfterTooLong: (runId, warning) => {
        if (this.saidLongWait.has(runId)) return;
        this.saidLongWait.add(runId);
        emit({ type: 'retry-after-too-long', runId, message: `run ${runId}: ${warning.message}` });
      },
    });
  }

  start(checked: boolean): QueueWorker {
    this.worker = new Worker(ITEMS_QUEUE, (job, token) => this.process(job, token), {
      connection: this.redis,
      prefix: this.prefix,
      name: this.identity,
      concurrency: this.taskSlots.size * JOBS_PER_TASK_SLOT,
      stalledInterval: this.options.stalledIntervalMs ?? 30_000,
      lockDuration: this.options.lockDurationMs ?? 30_000,
      maxStalledCount: MAX_WORKER_STOPS,
      // Taking items waits for Redis's database to be checked (run()).
      autorun: false,
    });
    this.worker.on('error', (error) => {
      if (isRedisConnectionError(error)) this.redisError(error);
      else this.emit({ type: 'error', message: `worker ${this.name}: ${error.message}` });
    });
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      this.emit({ type: 'job-failed', runId: (job.data as ItemJobData).runId, message: `job ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}` });
      if (job.name === FINALIZE_JOB) return;
      // Past the stall limit the job fails at once (an UnrecoverableError), whatever its attempts made.
      if (isStallLimit(job, error)) void this.workerLost(job).catch(() => undefined);
      else if (job.attemptsMade >= (job.opts.attempts ?? 1)) void this.outOfAttempts(job, error).catch(() => undefined);
    });
    this.queue.on('error', () => undefined); // the worker's own 'error' handler reports connection problems
    this.redis.on('reconnecting', () => this.emit({ type: 'reconnecting', message: `worker ${this.name}: reconnecting to Redis` }));
    this.emit({ type: 'started', message: `worker ${this.name} started (concurrency ${this.taskSlots.size})` });
    const stopped = new Promise<QueueUnreachableError | undefined>((resolve) => (this.resolveStopped = resolve));
    if (checked) this.run();
    else {
      // Redis did not answer yet: take items once it does, in the URL's database.
      const whenReady = () => this.checkDatabase();
      if (this.redis.status === 'ready') whenReady();
      else this.redis.once('ready', whenReady);
    }
    return { name: this.name, close: () => this.close(), stopped };
  }

  /** Takes items, and looks after its runs: cancels, orphans. */
  private run(): void {
    if (this.running || this.closing) return;
    this.running = true;
    this.worker.run().catch((error: Error) => this.worker.emit('error', error));
    const watchdogMs = this.options.watchdogMs ?? DEFAULT_WATCHDOG_MS;
    if (watchdogMs > 0) this.watchdog = new EventLoopWatchdog(`worker ${this.name}`, watchdogMs, this.options.stalledIntervalMs ?? 30_000);
    this.poller = setInterval(() => void this.pollRuns().catch(() => undefined), STATUS_POLL_MS);
    this.poller.unref();
    this.orphanChecker = setInterval(() => void this.settleOrphans().catch(() => undefined), this.options.orphanCheckMs ?? ORPHAN_CHECK_MS);
    this.orphanChecker.unref();
  }

  /** SELECTs the URL's database after a late first answer of Redis: takes items when Redis has it, and stops otherwise. */
  private checkDatabase(): void {
    if (this.closing) return;
    checkDatabase(this.redis, this.options.queue).then(
      () => this.run(),
      (error: QueueUnreachableError) => this.refuse(error),
    );
  }

  /**
   * Stops the worker: its Redis refused the URL's database (a connection's SELECT, at a late first answer or a
   * reconnect). No connection of it goes on in database 0 meanwhile (createRedis's onlyInItsDatabase).
   * @internal
   */
  refuse(error: QueueUnreachableError): void {
    if (this.closing) return;
    this.failure = error;
    this.emit({ type: 'error', message: `worker ${this.name} stops: ${error.message}` });
    void this.close();
  }

  /**
   * Runs a job. One that fails because the database cannot be reached (storing its item, finalising its run, reading
   * the database's fingerprint) goes back to the queue, delayed, without using up an attempt: out of attempts, an
   * item would be counted done without its row, and its run finalised without it.
   */
  private async process(job: Job, token: string | undefined): Promise<unknown> {
    try {
      return await this.processJob(job, token);
    } catch (error) {
      if (error instanceof DelayedError || !isDatabaseUnreachable(error)) throw error;
      return this.waitForDatabase(job, token, error as Error);
    }
  }

  private async processJob(job: Job, token: string | undefined): Promise<unknown> {
    if (job.name === FINALIZE_JOB) {
      const { runId } = job.data as { runId: string };
      const elsewhere = await this.runners.elsewhere(runId);
      if (elsewhere) return this.leaveToOthers(job, token, runId, elsewhere);
      const status = await finalizeRun(this.db, this.redis, this.prefix, runId);
      this.emit({ type: 'run-finished', runId, message: `run ${runId} finalised: ${status}` });
      return status;
    }
    const { runId, item, lost } = job.data as ItemJobData;
    let entry: RunEntry;
    try {
      entry = await this.runners.get(runId);
    } catch (error) {
      // Stopped while the run's modules loaded: the item goes back to the queue as it was, its attempts untouched.
      if (!this.runners.isStopping(error)) throw error;
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    }
    if (entry.loadFailure && (await this.failRun(runId, entry.loadFailure)) === undefined) {
      // The workers that had loaded the run are gone: it has failed with this worker's reason.
      entry.elsewhere = entry.loadFailure = undefined;
      this.runners.close(entry);
      return 'skipped';
    }
    if (entry.elsewhere) return this.leaveToOthers(job, token, runId, entry.elsewhere);
    if (lost) return this.storeLost(runId, item);
    if (entry.closed) return 'skipped';
    // The database was out of reach at the last try: the item goes back until the next try instead of running a task
    // whose result could not be stored; past that time one item runs and tries it.
    if (this.databaseDown && (this.databaseProbe || Date.now() < this.databaseBackAt)) return this.putBackForDatabase(job, token);
    const probe = this.databaseDown;
    if (probe) this.databaseProbe = true;
    try {
      return await this.runItem(job, token, entry, runId, item);
    } finally {
      if (probe) this.databaseProbe = false;
    }
  }

  private async runItem(job: Job, token: string | undefined, entry: RunEntry, runId: string, item: LoadedItem): Promise<unknown> {
    // Waits a moment for one of the run's waiting items to start before handing this one back: a run held only by its
    // rate then never churns its items through the queue (each hand-back costs dozens of Redis commands, and the next
    // item of the run would be fetched at once to be handed back too), while one held by a long pause frees the job.
    // A run paused by a Retry-After for longer than that hands its further items back until the pause is over: held
    // back for a second at a time they came round again and again, ahead of other runs' items on the fair-share clock,
    // and kept the worker's job slots from those runs for the whole pause.
    // The same goes for a run whose rate is so low that its next start lies further off than that (at --rps 0.5 the
    // starts the workers have reserved reach seconds ahead): waiting a second for room, then back for a second, its
    // items took the worker's job slots over and over, and another run's items waited behind them for most of a minute.
    if (this.heldBack(entry)) {
      if (entry.limiter!.backlogMs() > HELD_BACK_MS) return this.holdBack(job, token, entry);
      if (!(await this.roomWithin(entry, HELD_BACK_MS))) return this.holdBack(job, token, entry);
    }
    entry.active++;
    entry.lastUsed = Date.now();
    // A run of its own: the pause after jobs left to others starts short again.
    this.elsewherePauseMs = ELSEWHERE_PAUSE_MS.first;
    try {
      // Only the task holds a slot: storing the row and counting the item overlap the next task.
      let valuesCut = 0;
      let result: Awaited<ReturnType<NonNullable<RunEntry['runner']>['run']>> | typeof HELD_BACK;
      try {
        result = await this.taskSlots.run(async () => {
          if (entry.closed) return undefined;
          // Checked again with the slot: items that waited for it may have gone to wait for the run's limit meanwhile.
          if (this.heldBack(entry)) return HELD_BACK;
          const done = this.watchdog?.track(runId, item.id, entry.longestMs);
          try {
            return await entry.runner!.run(item);
          } finally {
            done?.();
            // Taken whatever the outcome, so an aborted item's count is not left behind.
            valuesCut = entry.runner!.takeValuesCut(item.id) + ((job.data as ItemJobData).valuesCut ?? 0);
          }
        });
      } catch (error) {
        // Closing before its task started (it waited for a slot): the item goes back to the queue as it was, its
        // attempts untouched, for another worker, instead of holding the close until the tasks before it are done.
        if (!this.taskSlots.isStopped(error)) throw error;
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      if (result === HELD_BACK) return this.holdBack(job, token, entry);
      if (!result || entry.closed) return 'skipped';
      const outcome = await this.batcher.add(runId, itemResultToRecord(result));
      this.databaseAnswered();
      if (outcome.kind === 'closed') {
        await this.closedInDatabase(runId, entry);
        return 'skipped';
      }
      if (outcome.kind === 'refused') {
        const message = `the database refused item ${item.id}: ${outcome.reason}`;
        this.emit({ type: 'item-refused', runId, message: `run ${runId}: ${message}` });
        await this.redis.hsetnx(runKeys(this.prefix, runId).hash, RUN_FIELDS.refused, message.slice(0, 2_000));
      }
      // The item's cut values are counted with the item, once: an item that ran twice (a stalled lock taken over while
      // its first worker still ran it) does not count them twice.
      const complete = await markItemDone(this.redis, this.prefix, runId, item.index, !result.success || outcome.kind === 'refused', valuesCut);
      if (complete) await addFinalizeJob(this.queue, runId);
      return outcome.kind;
    } finally {
      entry.active--;
    }
  }

  /**
   * True when as many items of the run wait for its rate limit (or Retry-After pause), their slots lent
   * (SlotLendingLimiter), in this worker as it may hold: half its task slots. Their jobs still count against BullMQ's
   * concurrency here (twice the task slots), which more of them would fill, keeping other runs' items from this worker.
   * Checked before and again with the slot, so at most 1.5 times the task slots wait.
   */
  private heldBack(entry: RunEntry): boolean {
    return entry.limiter !== undefined && entry.limiter.waiting >= Math.max(1, Math.floor(this.taskSlots.size / 2));
  }

  /** True once the run may hold another waiting item here (heldBack is false), within `ms`; false if not, or if closing. */
  private async roomWithin(entry: RunEntry, ms: number): Promise<boolean> {
    for (const until = Date.now() + ms; Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, ROOM_POLL_MS));
      if (this.closing || entry.closed) return false;
      if (!this.heldBack(entry)) return true;
    }
    return false;
  }

  /**
   * Hands the item back to the queue, its attempts untouched: for about HELD_BACK_MS, or until the run's next start
   * could come when that is later (its Retry-After pause is over, the starts reserved at its rate are made), spread out
   * over HELD_BACK_MS so the items come back one by one.
   */
  private async holdBack(job: Job, token: string | undefined, entry: RunEntry): Promise<never> {
    const backlogMs = entry.limiter?.backlogMs() ?? 0;
    const delayMs = backlogMs > HELD_BACK_MS ? backlogMs + HELD_BACK_MS * Math.random() : HELD_BACK_MS * (0.5 + Math.random());
    await job.moveToDelayed(Date.now() + Math.round(delayMs), token);
    throw new DelayedError();
  }

  /**
   * A job met a database this worker cannot reach: back to the queue, its attempts untouched, for the current wait
   * (DATABASE_WAIT_MS: doubled at each failed try after the last wait, so the jobs failing together double it once).
   */
  private async waitForDatabase(job: Job, token: string | undefined, error: Error): Promise<never> {
    const now = Date.now();
    if (!this.databaseDown) {
      this.databaseDown = true;
      this.databaseWaitMs = DATABASE_WAIT_MS.first;
      this.emit({
        type: 'database-unreachable',
        message: `worker ${this.name}: the database cannot be reached (${error.message}); items go back to the queue and are tried again until it can`,
      });
    } else if (now >= this.databaseBackAt) this.databaseWaitMs = Math.min(DATABASE_WAIT_MS.most, this.databaseWaitMs * 2);
    this.databaseBackAt = Math.max(this.databaseBackAt, now + this.databaseWaitMs);
    return this.putBackForDatabase(job, token);
  }

  /** Hands a job back to the queue until the database's next try, spread over the wait, its attempts untouched. */
  private async putBackForDatabase(job: Job, token: string | undefined): Promise<never> {
    await job.moveToDelayed(Math.max(Date.now(), this.databaseBackAt) + Math.round(this.databaseWaitMs * Math.random()), token);
    throw new DelayedError();
  }

  /** The database answered a write (whatever it said): items run here again. */
  private databaseAnswered(): void {
    if (!this.databaseDown) return;
    this.databaseDown = false;
    this.databaseBackAt = 0;
    this.databaseWaitMs = DATABASE_WAIT_MS.first;
    this.emit({ type: 'database-back', message: `worker ${this.name}: the database can be reached again` });
  }

  /**
   * An item's job used up its attempts for a reason other than an unreachable database (which never uses one up: a
   * database that refuses its row, Redis failing under it): the item can never be stored. Count it done and failed,
   * and name it in the reason the run ends with (after any named before it), so the run still ends, failed, instead of
   * waiting for it for ever, and no item is missing without being named.
   */
  private async outOfAttempts(job: Job, error: Error): Promise<void> {
    const { runId, item } = job.data as ItemJobData;
    const message = `item ${item.id} could not be stored after ${job.attemptsMade} attempts: ${error.message}`;
    this.emit({ type: 'item-refused', runId, message: `run ${runId}: ${message}` });
    await noteItemGivenUp(this.redis, this.prefix, runId, message);
    if (await markItemDone(this.redis, this.prefix, runId, item.index, true)) await addFinalizeJob(this.queue, runId);
  }

  /**
   * An item whose job stalled past the limit: every worker that ran it stopped before finishing it. It is stored as a
   * failed item naming why and counted done, so the run ends (completed, with that item failed).
   */
  private async workerLost(job: Job): Promise<void> {
    const { runId, item } = job.data as ItemJobData;
    this.emit({ type: 'item-refused', runId, message: `run ${runId}: item ${item.id} stopped its worker ${MAX_WORKER_STOPS + 1} times; stored as failed` });
    // BullMQ fails such a job in whichever worker fetches it next, before our processor runs: a worker on another
    // database cannot store the row, so a job the run's workers take stores it instead.
    if (await this.runners.elsewhere(runId)) {
      const [own] = itemJobs(this.prefix, runId, [item]);
      await this.queue.add(own!.name, { ...own!.data, lost: true }, { ...own!.opts, jobId: `${own!.opts.jobId}-lost` });
      return;
    }
    await this.storeLost(runId, item);
  }

  /** Stores an item every worker that ran it lost as failed (lostItemRecord), and counts it done. */
  private async storeLost(runId: string, item: LoadedItem): Promise<'stored' | 'refused' | 'skipped'> {
    const outcome = await this.batcher.add(runId, lostItemRecord(item));
    this.databaseAnswered();
    if (outcome.kind === 'closed') return 'skipped';
    if (outcome.kind === 'refused') {
      await this.redis.hsetnx(runKeys(this.prefix, runId).hash, RUN_FIELDS.refused, `the database refused item ${item.id}: ${outcome.reason}`.slice(0, 2_000));
    }
    if (await markItemDone(this.redis, this.prefix, runId, item.index, true)) await addFinalizeJob(this.queue, runId);
    return outcome.kind;
  }

  /**
   * A run this worker cannot load. When other workers still connected have loaded it (this worker joined late, or
   * its machine lacks the module or the task's configuration), it leaves the run's items to them and returns why.
   * Otherwise it records why, skips the run's items everywhere, and finalises it as failed.
   */
  private async failRun(runId: string, error: TaskLoadError): Promise<string | undefined> {
    const keys = runKeys(this.prefix, runId);
    const serving = await liveRunLoaders(this.redis, this.queue, this.prefix, runId, this.identity).catch(() => []);
    if (serving.length) {
      // leaveToOthers says it, once.
      return `${error.message}; worker ${this.name} leaves the run's items to the workers that loaded it (${serving.join(', ')})`;
    }
    this.emit({ type: 'load-failed', runId, message: error.message });
    await this.redis.multi().hsetnx(keys.hash, RUN_FIELDS.failure, error.message.slice(0, 2_000)).hset(keys.hash, RUN_FIELDS.cancelled, '1').exec();
    await addFinalizeJob(this.queue, runId);
    return undefined;
  }

  /**
   * The database refused an item because the run is no longer running: it was cancelled there (the API's or
   * `runs cancel`'s cancel without the queue). Cancel it in Redis too, so every worker skips its remaining items instead
   * of running tasks whose results would be dropped, and finalise it (statistics of its stored items) after items in
   * flight had time to stop.
   */
  private async closedInDatabase(runId: string, entry: RunEntry): Promise<void> {
    if (entry.closed) return;
    this.emit({ type: 'run-cancelled', runId, message: `run ${runId} is no longer running in the database: skipping its items` });
    this.runners.close(entry);
    await this.redis.hset(runKeys(this.prefix, runId).hash, RUN_FIELDS.cancelled, '1');
    await addFinalizeJob(this.queue, runId, CLOSED_FINALIZE_DELAY_MS);
  }

  /**
   * A job of a run stored in another database than this worker's: neither run nor stored here (nor its run finalised,
   * which would find it missing and take it for deleted), but put back, delayed, for the workers on the run's database,
   * without using up an attempt. The first worker to find it so says why on the run, for its submitter to show.
   */
  private async leaveToOthers(job: Job, token: string | undefined, runId: string, reason: string): Promise<never> {
    if (!this.saidElsewhere.has(runId)) {
      this.saidElsewhere.add(runId);
      this.emit({ type: 'run-elsewhere', runId, message: reason });
      await this.redis.hsetnx(runKeys(this.prefix, runId).hash, RUN_FIELDS.elsewhere, reason.slice(0, 2_000));
    }
    await job.moveToDelayed(Date.now() + ELSEWHERE_DELAY_MS, token);
    this.pauseForElsewhere();
    throw new DelayedError();
  }

  /** Stops taking jobs for a while (longer each time in a row), so the jobs left to others go to workers that run them. */
  private pauseForElsewhere(): void {
    if (this.pausedForElsewhere || this.closing) return;
    this.pausedForElsewhere = true;
    const pauseMs = this.elsewherePauseMs;
    this.elsewherePauseMs = Math.min(ELSEWHERE_PAUSE_MS.most, pauseMs * 2);
    void this.worker.pause(true).catch(() => undefined);
    setTimeout(() => {
      this.pausedForElsewhere = false;
      if (!this.closing) void this.worker.resume().catch(() => undefined);
    }, pauseMs).unref();
  }

  /** Aborts the items of runs cancelled meanwhile; forgets runs finalised or gone once nothing of them is in flight. */
  private async pollRuns(): Promise<void> {
    for (const entry of await this.runners.loaded()) {
      // A run whose items are in flight here is alive, even when none is stored for a while (a slow model, a low
      // --rps): without this its heartbeat would age and readers would call it abandoned (and runs recover fail it).
      if (entry.active > 0 && !entry.closed) this.heartbeat(entry.runId);
      const keys = runKeys(this.prefix, entry.runId);
      const [cancelled, finalized, spec] = await this.redis.hmget(keys.hash, RUN_FIELDS.cancelled, RUN_FIELDS.finalized, RUN_FIELDS.spec);
      // A run whose state Redis lost (no spec, neither cancelled nor finalised) is not stopped: its items in flight
      // finish and are stored, and its submitter puts the run back (run-state-keeper.ts).
      if (cancelled || finalized) {
        if (!entry.closed && !finalized) this.emit({ type: 'run-cancelled', runId: entry.runId, message: `run ${entry.runId} was cancelled: skipping its items` });
        this.runners.close(entry);
      }
      if ((finalized || !spec) && entry.active === 0) this.runners.forget(entry);
      else if (entry.closed && entry.active === 0 && Date.now() - entry.lastUsed > 60_000) this.runners.forget(entry);
    }
  }

  /**
   * Settles the runs whose submitter died before it set their total: each then ends (failed, with the reason) when the
   * items enqueued by then are done, or at once when they already are. Every worker checks; one settles (a script).
   */
  private async settleOrphans(): Promise<void> {
    for (const runId of await this.redis.smembers(activeRunsKey(this.prefix))) {
      if (!(await settleOrphanedRun(this.redis, this.queue, this.prefix, runId))) continue;
      this.emit({ type: 'run-orphaned', runId, message: `run ${runId}: its submitter is gone before every item was enqueued; it ends failed once the enqueued items are done` });
      if (await isRunComplete(this.redis, this.prefix, runId)) await addFinalizeJob(this.queue, runId);
    }
  }

  /** A distributed run has no single writer: every worker working on it keeps its heartbeat fresh. */
  private heartbeat(runId: string): void {
    const now = Date.now();
    if (now - (this.lastBeat.get(runId) ?? 0) < HEARTBEAT_MS) return;
    this.lastBeat.set(runId, now);
    this.db.runs
      .heartbeat(runId)
      .then((status) => (status === null ? this.runDeleted(runId) : undefined))
      .catch(() => undefined);
  }

  /**
   * The run is gone from the database (`runs delete --force`). A detached run has no submitter to notice: without this
   * its items would run here and on every other worker until they time out. Marked deleted in Redis, the run is closed
   * by each worker's next look at its runs (pollRuns), which aborts its items in flight.
   */
  private async runDeleted(runId: string): Promise<void> {
    const { hash } = runKeys(this.prefix, runId);
    if (await this.redis.hget(hash, RUN_FIELDS.finalized)) return; // already settled (by its submitter, or another worker)
    this.emit({ type: 'run-deleted', runId, message: `run ${runId} was deleted from the database: skipping its items` });
    await markRunDeleted(this.db, this.redis, this.prefix, runId);
  }

  private close(): Promise<void> {
    this.closing ??= (async () => {
      // The look at the runs' state (pollRuns) goes on while the items in flight finish: a run cancelled or deleted
      // after the close began must still have its items here aborted, or the close would wait for their timeout.
      clearInterval(this.orphanChecker);
      // Items waiting for their run's modules to load, or for a task slot, go back to the queue rather than hold the close.
      this.runners.stop();
      this.taskSlots.stop(new QueueError(`worker ${this.name} is closing`));
      let graceful = false;
      // A Redis without the URL's database takes nothing back, and the connections never become ready again: BullMQ's
      // worker closes at once (force: no waiting for active jobs), which also ends its fetch loop.
      if (this.failure) await this.worker.close(true).catch(() => undefined);
      // BullMQ's graceful close waits for the active jobs, whose processors wait for their batch.
      else graceful = await this.closeBullmq();
      await this.batcher.drain();
      clearInterval(this.poller);
      for (const entry of await this.runners.loaded()) this.runners.forget(entry);
      if (graceful) await this.queue.close();
      // BullMQ's disconnect waits for a connection that never became ready: let it end on its own.
      else for (const part of this.failure ? [this.queue] : [this.worker, this.queue]) part.disconnect().catch(() => undefined);
      await this.db.close().catch(() => undefined);
      this.redis.disconnect();
      // Last: a task stuck while the worker closes (waiting for its items) is still caught.
      await this.watchdog?.stop();
      this.emit({ type: 'stopped', message: `worker ${this.name} stopped` });
      this.resolveStopped(this.failure);
    })();
    return this.closing;
  }

  /** Items of any run this worker is running, storing or counting now. */
  private async itemsInFlight(): Promise<number> {
    return (await this.runners.loaded()).reduce((n, entry) => n + entry.active, 0);
  }

  /**
   * BullMQ's graceful close, unless the queue's Redis is unreachable for CLOSE_REDIS_DOWN_MS (counted from when it went
   * away, also before the close began): nothing can be handed back or completed then, and the close would wait for
   * Redis for ever. The items in flight are then left to their locks:
   * other workers take them over once the locks expire (their writes are idempotent). False when it gave up.
   */
  private async closeBullmq(): Promise<boolean> {
    const closed = this.worker.close().then(
      () => true,
      () => true,
    );
    let idleSince: number | undefined;
    for (let first = true; ; first = false) {
      // No wait before the first look: a Redis already unreachable for CLOSE_REDIS_DOWN_MS stops the worker at once.
      const done = await Promise.race([closed, new Promise<false>((resolve) => setTimeout(() => resolve(false), first ? 0 : 250))]);
      if (done) return true;
      if (this.redis.status === 'ready') {
        // BullMQ's close never ends when Redis went away and came back during it (taskforcesh/bullmq#2430, #4656): with
        // Redis answering and nothing of ours in flight for CLOSE_REDIS_DOWN_MS there is nothing left to wait for.
        const inFlight = await this.itemsInFlight();
        if (inFlight > 0) idleSince = undefined;
        else if (idleSince === undefined) idleSince = Date.now();
        else if (Date.now() - idleSince >= CLOSE_REDIS_DOWN_MS) return false;
      } else if (this.outage.downForMs() >= CLOSE_REDIS_DOWN_MS) {
        const inFlight = await this.itemsInFlight();
        const left = inFlight
          ? `the ${inFlight} item${inFlight === 1 ? '' : 's'} in flight cannot be handed back; other workers take them over once their locks expire`
          : 'stopping without it';
        this.emit({ type: 'error', message: `worker ${this.name}: the queue's Redis is unreachable: ${left}` });
        return false;
      }
    }
  }
}
