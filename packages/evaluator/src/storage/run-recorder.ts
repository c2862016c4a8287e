import type { CreateRunInput, ItemInput } from '@llm-eval/storage';
import { ItemsNotStoredError, StorageWriteError, type NotStoredItem } from '../errors';
import type { ItemResult } from '../run/item-result';
import { itemToRecord } from './item-to-record';
import type { FinalRunState, RecorderBackend } from './recorder-backend';
import { RunWriter } from './run-writer';
import { recorderWorkerFile, WorkerBackend } from './worker-backend';

/** Unwritten batches allowed before the evaluation waits for the database. */
const MAX_BATCHES_IN_FLIGHT = 2;

/** Where and how to record a run. @internal */
export interface RecorderOptions {
  databaseUrl?: string;
  /** What the user typed to give databaseUrl, named when it is malformed. */
  databaseUrlSource?: string;
  batchSize: number;
  flushIntervalMs: number;
  run: CreateRunInput;
  /** Write on a worker thread (default: when the built worker script is available). */
  useWorker?: boolean;
}

/**
 * Writes a run while it executes: the run row at start (status running), items in batches as they finish (a crash
 * loses at most the batch in flight), totals, statistics and the final status at the end. The database work runs on
 * a worker thread when possible, so the evaluation loop only hands batches over. The storage package is imported
 * lazily, so runs with storeRuns: false never load a database driver.
 * @internal
 */
export class RunRecorder {
  private buffer: ItemInput[] = [];
  private writes: Promise<void> = Promise.resolve();
  /** Batches handed to the backend and not yet written. */
  private inFlight = 0;
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
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  /** Opens the database (creating tables on first use) and creates the run row. */
  static async start(options: RecorderOptions): Promise<RunRecorder> {
    const workerFile = options.useWorker === false ? undefined : recorderWorkerFile();
    const backend: RecorderBackend = workerFile ? new WorkerBackend(workerFile) : new RunWriter();
    try {
      const runId = await backend.start({ url: options.databaseUrl, urlSource: options.databaseUrlSource }, options.run);
      return new RunRecorder(backend, runId, options.batchSize, options.flushIntervalMs);
    } catch (error) {
      await backend.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Queues a finished item; a full batch is written right away. When the database falls behind (more than
   * MAX_BATCHES_IN_FLIGHT batches unwritten) it returns a promise to wait on, so memory stays bounded and a crash
   * loses little.
   */
  add(item: ItemResult): Promise<void> | undefined {
    if (this.error) return undefined;
    this.buffer.push(itemToRecord(item));
    if (this.buffer.length >= this.batchSize) void this.flush();
    if (this.inFlight < MAX_BATCHES_IN_FLIGHT) return undefined;
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Writes whatever is queued, after the writes before it. */
  flush(): Promise<void> {
    if (this.buffer.length === 0 || this.error) return this.writes;
    const batch = this.buffer;
    this.buffer = [];
    this.inFlight++;
    const written = this.backend
      .write(batch)
      .then((outcome) => {
        this.storedItems += outcome.stored;
        this.notStored.push(...outcome.rejected);
      })
      .catch((cause) => this.fail(`storing ${batch.length} items of run ${this.runId} failed`, cause))
      .finally(() => {
        this.inFlight--;
        if (this.inFlight < MAX_BATCHES_IN_FLIGHT || this.error) this.drained.splice(0).forEach((resume) => resume());
      });
    this.writes = this.writes.then(() => written);
    return this.writes;
  }

  /** The first problem to report: a failure that stopped writing, else the items the database refused. */
  get problem(): StorageWriteError | undefined {
    return this.error ?? (this.notStored.length ? new ItemsNotStoredError(this.runId, this.notStored, this.storedItems) : undefined);
  }

  /**
   * Writes the remaining items, the statistics and the final state, then closes the database. A run missing items
   * the database refused is stored as failed, with a status reason naming them.
   */
  async finish(final: FinalRunState): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
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
      `${what}: ${(cause as Error)?.message ?? String(cause)}. The in-memory result is complete; save it with result.save() and import it later with migrateFromEvaluationResult.`,
      { cause },
    );
  }
}
