import type { AuditContext, CreateRunInput } from '@llm-eval/storage';
import { ItemsNotStoredError, StorageWriteError, unstoredAdvice, type NotStoredItem } from '../errors';
import type { ItemResult } from '../run/item-result';
import { RecordColumnsBuilder, recordsFromColumns } from './record-columns';
import type { FinalRunState, RecorderBackend } from './recorder-backend';
import { RunWriter } from './run-writer';
import { recorderWorkerFile, WorkerBackend } from './worker-backend';

/**
 * While a write is in progress, finished items gather for the next one, up to this many batches' worth; then the
 * evaluation waits for the database. A write of 2,000 items costs the storage worker about 15% less CPU per item
 * than four of 500 (one transaction and commit instead of four), which is what lets a writer that fell behind catch up.
 */
const MAX_BATCHES_PER_WRITE = 4;

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
  /** Write on a worker thread (default: when the built worker script is available). */
  useWorker?: boolean;
  /** The backend to write with instead of choosing one (tests). */
  backend?: RecorderBackend;
}

/**
 * Writes a run while it executes: the run row at start (status running), items in batches as they finish, totals,
 * statistics and the final status at the end. One write is in progress at a time: a batch is handed over as soon as
 * it is full and nothing is being written, and items that finish during a write are handed over together when it
 * ends (so a crash loses at most the write in progress and the items gathered meanwhile). The database work runs on
 * a worker thread when possible, so the evaluation loop only hands batches over. The storage package is imported
 * lazily, so runs with storeRuns: false never load a database driver.
 * @internal
 */
export class RunRecorder {
  /** Finished items not yet handed to the backend, as their rows' columns. */
  private buffer = new RecordColumnsBuilder();
  /** The write in progress (or the last one). */
  private writes: Promise<void> = Promise.resolve();
  private writing = false;
  /** A timed flush came while a write was in progress: what gathered is handed over when it ends. */
  private flushWanted = false;
  private drained: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  /** The first storage failure; after it nothing more is written. */
  error: StorageWriteError | undefined;
  /** Items the database holds for this run so far. */
  storedItems = 0;
  /** Items the database refused (each for its own reason); writing goes on without them. */
  readonly notStored: NotStoredItem[] = [];

  private constructor(
    private readonly backend: RecorderBackend,
    readonly runId: string,
    private readonly batchSize: number,
    flushIntervalMs: number,
    private readonly itemsKept: boolean,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  /** Opens the database (creating tables on first use) and creates the run row. */
  static async start(options: RecorderOptions): Promise<RunRecorder> {
    const workerFile = options.useWorker === false || options.backend ? undefined : recorderWorkerFile();
    const backend: RecorderBackend = options.backend ?? (workerFile ? new WorkerBackend(workerFile) : new RunWriter());
    try {
      const runId = await backend.start({ url: options.databaseUrl, urlSource: options.databaseUrlSource }, options.run, options.audit);
      return new RunRecorder(backend, runId, options.batchSize, options.flushIntervalMs, options.itemsKept ?? true);
    } catch (error) {
      await backend.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Queues a finished item; a full batch is written right away unless a write is in progress. When the database
   * falls behind (MAX_BATCHES_PER_WRITE batches gathered during one write) it returns a promise to wait on, so memory
   * stays bounded and a crash loses little.
   */
  add(item: ItemResult): Promise<void> | undefined {
    if (this.error) return undefined;
    this.buffer.add(item);
    if (!this.writing) {
      if (this.buffer.length >= this.batchSize) void this.flush();
      return undefined;
    }
    if (this.buffer.length < this.batchSize * MAX_BATCHES_PER_WRITE) return undefined;
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Hands what is queued to the backend, after the write in progress; resolves when that write is done. */
  flush(): Promise<void> {
    if (this.writing) {
      this.flushWanted = true;
      return this.writes;
    }
    if (this.buffer.length === 0 || this.error) return this.writes;
    const count = this.buffer.length;
    const batch = this.buffer.take();
    this.writing = true;
    this.flushWanted = false;
    const backend = this.backend;
    this.writes = (backend.writeColumns ? backend.writeColumns(batch) : backend.write(recordsFromColumns(batch)))
      .then((outcome) => {
        this.storedItems += outcome.stored;
        this.notStored.push(...outcome.rejected);
      })
      .catch((cause) => this.fail(`storing ${count} items of run ${this.runId} failed`, cause))
      .finally(() => {
        this.writing = false;
        // What gathered during the write goes next, as one write.
        if (this.buffer.length >= this.batchSize || (this.flushWanted && this.buffer.length > 0)) void this.flush();
        this.drained.splice(0).forEach((resume) => resume());
      });
    return this.writes;
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
    // The write in progress, then whatever gathered meanwhile, until nothing is left.
    while (this.writing || (this.buffer.length > 0 && !this.error)) await this.flush();
    const ok = !this.error;
    const refused = ok ? this.problem : undefined;
    try {
      await this.backend.finish(refused ? { ...final, status: 'failed', statusReason: refused.cause instanceof Error ? refused.cause.message.slice(0, 2000) : undefined } : final, ok);
    } catch (cause) {
      this.fail(`finishing run ${this.runId} failed`, cause);
    }
    const problem = this.problem;
    if (problem) throw problem;
  }

  private fail(what: string, cause: unknown): void {
    this.error ??= new StorageWriteError(
      `${what}: ${(cause as Error)?.message ?? String(cause)}. ${unstoredAdvice(this.itemsKept)}`,
      { cause },
    );
  }
}
