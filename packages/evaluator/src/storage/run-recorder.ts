import type { CreateRunInput, Database, ItemInput } from '@llm-eval/storage';
import { StorageWriteError } from '../errors';
import type { ItemResult } from '../run/item-result';
import { itemToRecord } from './item-to-record';

/** Where and how to record a run. @internal */
export interface RecorderOptions {
  databaseUrl?: string;
  batchSize: number;
  flushIntervalMs: number;
  run: CreateRunInput;
}

/**
 * Writes a run while it executes: the run row at start (status running), items in batches as they finish (a crash
 * loses at most the batch in flight), totals, statistics and the final status at the end. The storage package is
 * imported here, lazily, so runs with storeRuns: false never load a database driver.
 * @internal
 */
export class RunRecorder {
  private buffer: ItemInput[] = [];
  private writes: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** The first storage failure; after it nothing more is written. */
  error: StorageWriteError | undefined;

  private constructor(
    private readonly db: Database,
    readonly runId: string,
    private readonly batchSize: number,
    flushIntervalMs: number,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  /** Opens the database (creating tables on first use) and creates the run row. */
  static async start(options: RecorderOptions): Promise<RunRecorder> {
    const { initializeDatabase } = await import('@llm-eval/storage');
    const db = await initializeDatabase({ url: options.databaseUrl });
    try {
      const run = await db.runs.createRun(options.run);
      return new RunRecorder(db, run.id, options.batchSize, options.flushIntervalMs);
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  /** Queues a finished item; a full batch is written right away. */
  add(item: ItemResult): void {
    if (this.error) return;
    this.buffer.push(itemToRecord(item));
    if (this.buffer.length >= this.batchSize) void this.flush();
  }

  /** Writes whatever is queued, after the writes before it. */
  flush(): Promise<void> {
    if (this.buffer.length === 0 || this.error) return this.writes;
    const batch = this.buffer;
    this.buffer = [];
    this.writes = this.writes.then(async () => {
      if (this.error) return;
      try {
        await this.db.runs.addItems(this.runId, batch);
      } catch (cause) {
        this.fail(`storing ${batch.length} items of run ${this.runId} failed`, cause);
      }
    });
    return this.writes;
  }

  /** Writes the remaining items, the statistics and the final state, then closes the database. */
  async finish(final: {
    status: 'completed' | 'failed' | 'cancelled';
    completedAt: Date;
    durationSeconds: number;
  }): Promise<void> {
    clearInterval(this.timer);
    try {
      await this.flush();
      if (this.error) {
        await this.db.runs.updateRun(this.runId, { ...final, status: 'failed' }).catch(() => undefined);
        throw this.error;
      }
      try {
        await this.db.runs.computeRunMetrics(this.runId);
        await this.db.runs.updateRun(this.runId, final);
      } catch (cause) {
        this.fail(`finishing run ${this.runId} failed`, cause);
        throw this.error;
      }
    } finally {
      await this.db.close().catch(() => undefined);
    }
  }

  private fail(what: string, cause: unknown): void {
    this.error ??= new StorageWriteError(
      `${what}: ${(cause as Error)?.message ?? String(cause)}. The in-memory result is complete; save it with result.save() and import it later with migrateFromEvaluationResult.`,
      { cause },
    );
  }
}
