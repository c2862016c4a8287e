import type { AuditContext, CreateRunInput } from '@llm-eval/storage';
import { ItemsNotStoredError, StorageWriteError, unstoredAdvice, type NotStoredItem } from '../errors';
import type { ItemResult } from '../run/item-result';
import { RecordColumnsBuilder, recordsFromColumns } from './record-columns';
import { RUN_DELETED } from './closed-status';
import type { FinalRunState, RecorderBackend } from './recorder-backend';
import { RunWriter } from './run-writer';
import { recorderWorkerFile, WorkerBackend } from './worker-backend';

/**
 * Writes handed to the backend and not yet finished, at most. With two, the next batch is already waiting at the
 * storage worker when a write ends, so the worker goes straight on. The evaluation thread yields to its event loop
 * only when it must wait, so it reads the worker's replies late; it knows a write has finished from the count the
 * worker keeps in shared memory (`unfinishedWrites`), and hands over what gathered as soon as the worker has room.
 */
const MAX_WRITES_IN_FLIGHT = 2;

/**
 * While that many writes are in flight, finished items gather for the next one, up to this many batches' worth; then
 * the evaluation waits for the database. A write of 2,000 items costs the storage worker about 15% less CPU per item
 * than four of 500 (one transaction and commit instead of four), which is what lets a writer that fell behind catch up.
 */
const MAX_GATHERED_BATCHES = 4;

/**
 * Replies not read yet, at most: past that many the evaluation waits for its event loop to read them. A run whose
 * evaluation never yields (a synchronous task over an async generator) would otherwise pile up one reply and its
 * promise per write for the whole run, and learn of a failed write only at the end.
 */
const MAX_UNREAD_REPLIES = 64;

/**
 * The first write of a run goes once this many items are gathered (or batchSize, if smaller), not a whole batch: the
 * storage worker would otherwise idle until the first batchSize items were done (about 2 ms of a trivial task's
 * 10,000-item run, during which the writer could have begun). Later writes are whole batches.
 */
const FIRST_WRITE_ITEMS = 64;

/**
 * Characters of text (RecordColumnsBuilder.chars) that make a write however few items carry them, and that gathered
 * make the evaluation wait for the database as MAX_GATHERED_BATCHES batches do. Counted in items alone, a run of
 * 2 MB outputs gathered 2,000 of them (4 GB) while two writes were in flight: with `keepItems: false`, memory grew
 * with the size of the items instead of staying flat.
 */
const WRITE_CHARS = 8_000_000;
const MAX_GATHERED_CHARS = 32_000_000;

/** How often the evaluation thread says it runs (RecorderBackend.alive). */
const ALIVE_INTERVAL_MS = 1_000;

/** Where and how to record a run. @internal */
export interface RecorderOptions {
  databaseUrl?: string;
  /** What the user typed to give databaseUrl, named when it is malformed. */
  databaseUrlSource?: string;
  batchSize: number;
  flushIntervalMs: number;
  run: CreateRunInput;
  /** Who creates the run: its `run.created` audit entry is written in the transaction that creates it. */
  audit?: AuditContext;
  /** The evaluation keeps its items in memory (keepItems), so a storage error can advise saving them (default true). */
  itemsKept?: boolean;
  /**
   * Called once when the writer learns that another process closed the run (cancelled or settled it), with
   * the run's stored status: the evaluation should stop. Nothing more is written then.
   */
  onClosed?: (status: string) => void;
  /**
   * Called once when the writer learns that the run's row was deleted (`runs delete --force`, the API): the evaluation
   * should stop, as for a close, and the run's storage has failed (finish throws). Nothing more is written then.
   */
  onDeleted?: () => void;
  /** Write on a worker thread (default: when the built worker script is available). */
  useWorker?: boolean;
  /** The backend to write with instead of choosing one (tests). */
  backend?: RecorderBackend;
}

/**
 * Writes a run while it executes: the run row at start (status running), items in batches as they finish, totals,
 * statistics and the final status at the end. A full batch is handed to the backend at once while fewer than
 * MAX_WRITES_IN_FLIGHT writes are unanswered (the backend writes them in order); otherwise items gather and go together
 * as the next write. A crash thus loses at most the writes in flight and the items gathered meanwhile. The database
 * work runs on a worker thread when possible, so the evaluation loop only hands batches over. The storage package is
 * imported lazily, so runs with storeRuns: false never load a database driver.
 * @internal
 */
export class RunRecorder {
  /** Finished items not yet handed to the backend, as their rows' columns. */
  private buffer = new RecordColumnsBuilder();
  /** Writes handed to the backend and not answered yet. */
  private readonly inFlight = new Set<Promise<void>>();
  /** A timed flush came while the writes in flight were at the limit: what gathered goes when one ends. */
  private flushWanted = false;
  /** The evaluation's item loops waiting for gathered items to be handed over. */
  private drained: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  /** Says, about once a second, that the evaluation thread runs (RecorderBackend.alive). */
  private aliveTimer: NodeJS.Timeout | undefined;
  /** The first storage failure; after it nothing more is written. */
  error: StorageWriteError | undefined;
  /** What failed, without the advice the error gives the caller: the stored run's status reason. */
  private failure: string | undefined;
  /** Items the database holds for this run so far. */
  storedItems = 0;
  /** Items that make the next write: FIRST_WRITE_ITEMS until the first write, then batchSize. */
  private nextWriteAt: number;
  /** Items the database refused (each for its own reason); writing goes on without them. */
  readonly notStored: NotStoredItem[] = [];
  /**
   * The run's stored status once another process closed it; nothing more is written then (not an error). RUN_DELETED
   * once it deleted the run: nothing more is written either, and that is a storage failure.
   */
  closed: string | undefined;

  private constructor(
    private readonly backend: RecorderBackend,
    readonly runId: string,
    private readonly batchSize: number,
    flushIntervalMs: number,
    private readonly itemsKept: boolean,
    private readonly onClosed: ((status: string) => void) | undefined,
    private readonly onDeleted: (() => void) | undefined,
  ) {
    this.nextWriteAt = Math.min(batchSize, FIRST_WRITE_ITEMS);
    this.timer = setInterval(() => {
      this.checkClosed();
      this.flush();
    }, flushIntervalMs);
    this.timer.unref();
    if (backend.alive) {
      this.aliveTimer = setInterval(() => backend.alive!(), ALIVE_INTERVAL_MS);
      this.aliveTimer.unref();
    }
  }

  /** Notes a close the writer learnt of without a refused write (its heartbeat found the run no longer running). */
  private checkClosed(): void {
    const status = this.backend.closedStatus?.();
    if (status !== undefined) this.noteClosed(status);
  }

  /**
   * The run was closed (or deleted) by another process: stop writing, drop what gathered, and tell the evaluation once.
   * Its items are not lost: the evaluation keeps them in its result.
   */
  private noteClosed(status: string): void {
    if (this.closed !== undefined) return;
    this.closed = status;
    this.buffer = new RecordColumnsBuilder();
    this.flushWanted = false;
    this.drained.splice(0).forEach((resume) => resume());
    if (status === RUN_DELETED) this.onDeleted?.();
    else this.onClosed?.(status);
  }

  /** Opens the database (creating tables on first use) and creates the run row. */
  static async start(options: RecorderOptions): Promise<RunRecorder> {
    const workerFile = options.useWorker === false || options.backend ? undefined : recorderWorkerFile();
    const backend: RecorderBackend = options.backend ?? (workerFile ? new WorkerBackend(workerFile) : new RunWriter());
    try {
      const runId = await backend.start({ url: options.databaseUrl, urlSource: options.databaseUrlSource }, options.run, options.audit);
      return new RunRecorder(backend, runId, options.batchSize, options.flushIntervalMs, options.itemsKept ?? true, options.onClosed, options.onDeleted);
    } catch (error) {
      await backend.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Queues a finished item; a full batch is handed over right away unless MAX_WRITES_IN_FLIGHT writes are unanswered.
   * When the database falls behind (MAX_GATHERED_BATCHES batches gathered meanwhile) it returns a promise to wait on,
   * so memory stays bounded and a crash loses little.
   */
  add(item: ItemResult): Promise<void> | undefined {
    if (this.error || this.closed !== undefined) return undefined;
    this.buffer.add(item);
    if (this.buffer.length < this.nextWriteAt && this.buffer.chars < WRITE_CHARS) return undefined;
    this.checkClosed();
    if (this.closed !== undefined) return undefined;
    if (this.unfinishedWrites() < MAX_WRITES_IN_FLIGHT) {
      this.write();
      return this.inFlight.size < MAX_UNREAD_REPLIES ? undefined : new Promise((resolve) => this.drained.push(resolve));
    }
    if (!this.gatheredTooMuch()) return undefined;
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** As many items, or as much text, gathered as the evaluation may run ahead of the database. */
  private gatheredTooMuch(): boolean {
    return this.buffer.length >= this.batchSize * MAX_GATHERED_BATCHES || this.buffer.chars >= MAX_GATHERED_CHARS;
  }

  /** Hands what is queued to the backend now, or (at the limit of writes in flight) as soon as a write ends. */
  flush(): void {
    if (this.buffer.length === 0 || this.error || this.closed !== undefined) return;
    if (this.unfinishedWrites() < MAX_WRITES_IN_FLIGHT) this.write();
    else this.flushWanted = true;
  }

  /** Writes not done yet: as the backend sees them when it can tell at once, else those whose reply is not read yet. */
  private unfinishedWrites(): number {
    return this.backend.unfinishedWrites?.() ?? this.inFlight.size;
  }

  /** Hands the gathered items to the backend as one write. */
  private write(): void {
    const count = this.buffer.length;
    const batch = this.buffer.take();
    this.nextWriteAt = this.batchSize;
    this.flushWanted = false;
    const backend = this.backend;
    // A run that never yields to its event loop (a synchronous task) still says it runs with every batch.
    backend.alive?.();
    const written: Promise<void> = (backend.writeColumns ? backend.writeColumns(batch) : backend.write(recordsFromColumns(batch)))
      .then((outcome) => {
        this.storedItems += outcome.stored;
        this.notStored.push(...outcome.rejected);
      })
      .catch((cause) => {
        // Refused because another process closed the run (or after such a refusal): a stop, not a failure.
        const name = (cause as Error)?.name;
        if (name === 'RunClosedError') this.noteClosed(String((cause as { status?: unknown }).status ?? 'closed'));
        else if (name === 'RunNotFoundError') {
          // Deleted while it ran: a storage failure (the run is gone), which also stops the evaluation, as a close does.
          this.fail(`storing ${count} items of run ${this.runId} failed`, cause);
          this.noteClosed(RUN_DELETED);
        } else if (this.closed === undefined) this.fail(`storing ${count} items of run ${this.runId} failed`, cause);
      })
      .finally(() => {
        this.inFlight.delete(written);
        // What gathered meanwhile goes next, as one write, if the backend has room for it. This reply may be read long
        // after the write ended (the evaluation thread reads replies only when it yields), by which time add() may
        // have handed over more writes: writing here regardless let the writes in flight grow past the limit (four
        // batches seen), so the evaluation ran further ahead of the database and its end waited for all of them.
        // When the backend has no room, the next add(), or the reply of a write still in flight, hands them over.
        const due = this.buffer.length >= this.batchSize || this.buffer.chars >= WRITE_CHARS || (this.flushWanted && this.buffer.length > 0);
        if (!this.error && this.closed === undefined && due && this.unfinishedWrites() < MAX_WRITES_IN_FLIGHT) this.write();
        if (this.error || this.closed !== undefined || !this.gatheredTooMuch()) this.drained.splice(0).forEach((resume) => resume());
      });
    this.inFlight.add(written);
  }

  /** The first problem to report: a failure that stopped writing, else the items the database refused. */
  get problem(): StorageWriteError | undefined {
    return this.error ?? (this.notStored.length ? new ItemsNotStoredError(this.runId, this.notStored, this.storedItems, this.itemsKept) : undefined);
  }

  /**
   * Writes the remaining items, the statistics and the final state, then closes the database. A run missing items
   * the database refused is stored as failed, with a status reason naming them.
   */
  async finish(final: FinalRunState): Promise<void> {
    clearInterval(this.timer);
    try {
      await this.finishWrites(final);
      // A close the writer learnt of only as it finished (a cancel between its last write and the statistics).
      this.checkClosed();
    } finally {
      // Only now: while the last writes drain and the statistics are stored, the evaluation thread is idle but alive,
      // and the run's heartbeat must go on (a long drain would otherwise leave a live run looking abandoned).
      clearInterval(this.aliveTimer);
    }
    const problem = this.problem;
    if (problem) throw problem;
  }

  /** The rest of finish: the last writes, then the statistics and final state. */
  private async finishWrites(final: FinalRunState): Promise<void> {
    // What is left goes at once (the backend writes it after the writes in flight); then wait until all are answered.
    for (;;) {
      this.checkClosed();
      if (this.buffer.length > 0 && !this.error && this.closed === undefined) this.write();
      if (this.inFlight.size === 0) break;
      await Promise.all(this.inFlight);
    }
    // A run closed elsewhere still gets the statistics of the items stored before (if it was cancelled; a settled run
    // is left alone by the writer).
    const ok = !this.error;
    const refused = ok ? this.problem : undefined;
    // A run whose writing failed is marked failed with the reason (the storage error, and where the result went), so
    // the stored run says why it holds fewer items than the evaluation had.
    const reason = refused ? (refused.cause instanceof Error ? refused.cause.message : undefined) : this.failure;
    try {
      await this.backend.finish(refused || this.error ? { ...final, status: 'failed', statusReason: (reason ?? final.statusReason)?.slice(0, 2000) } : final, ok);
    } catch (cause) {
      this.fail(`finishing run ${this.runId} failed`, cause);
    }
  }

  private fail(what: string, cause: unknown): void {
    this.failure ??= `${what}: ${(cause as Error)?.message ?? String(cause)}`;
    const deleted = this.closed === RUN_DELETED || (cause as Error)?.name === 'RunNotFoundError';
    // A cause whose message already ends a sentence ("…to find its id.") gets no second full stop.
    const message = (cause as Error)?.message ?? String(cause);
    const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
    this.error ??= new StorageWriteError(`${what}: ${sentence} ${unstoredAdvice(this.itemsKept, deleted)}`, { cause });
  }
}
