import { hostname } from 'node:os';
import type { AuditContext, CreateRunInput, Database, ItemInput, ItemsRejectedError, RunStatsAccumulator } from '@llm-eval/storage';
import { RUN_DELETED } from './closed-status';
import type { DatabaseTarget, FinalRunState, RecorderBackend, WriteOutcome } from './recorder-backend';

/** How often the writer says it is alive (storage's HEARTBEAT_INTERVAL_MS; not imported, so storage loads lazily). */
const HEARTBEAT_MS = 5_000;
/**
 * How long the evaluation thread may give no sign of life (evaluationProgress) before a writer on another thread stops
 * refreshing the heartbeat for it: a quarter of the heartbeat timeout, at most 15 s. Far longer than any pause of a
 * working evaluation (its signs come about once a second, and with each batch), far shorter than the timeout, so a
 * task stuck in an endless loop leaves its run abandoned (readers, `runs recover`) instead of alive for ever.
 */
const evaluationStallMs = (timeoutSeconds: number) => Math.min(15_000, (timeoutSeconds * 1000) / 4);

/**
 * The database side of a recorded run, shared by the in-thread backend and the worker thread.
 * @internal
 */
export class RunWriter implements RecorderBackend {
  private db: Database | undefined;
  private runId: string | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private lastBeat = 0;
  /** The run's statistics, fed with each item as it is stored, so finishing never reads the items back. */
  private stats: RunStatsAccumulator | undefined;
  /** The last write asked for: each write starts when the one before it has ended (the recorder does not wait). */
  private lastWrite: Promise<unknown> = Promise.resolve();
  /** A write failed: later ones are refused, so nothing is written after the first failure. */
  private writeFailed = false;
  /** The run's stored status once another process closed it (see closedStatus); nothing more is written then. */
  private closed: string | undefined;
  /** Told once, when the writer learns its run was closed elsewhere (the worker passes it to the evaluation thread). */
  onClosed: ((status: string) => void) | undefined;
  /**
   * On a worker thread: a count the evaluation thread raises while it runs. Without it (the writer runs on the
   * evaluation thread, whose timers stop when it is stuck) every beat is refreshed.
   */
  evaluationProgress: (() => number) | undefined;
  private lastProgress = 0;
  private progressAt = 0;
  private stallMs = 15_000;

  /**
   * With `shared`, databases stay open for the next run (the worker does this; it lives as long as the process).
   * `loadStorage` loads @llm-eval/storage (default: a dynamic import, so runs that store nothing never load it).
   */
  constructor(
    private readonly shared?: Map<string, Promise<Database>>,
    private readonly loadStorage: () => Promise<typeof import('@llm-eval/storage')> = () => import('@llm-eval/storage'),
  ) {}

  private async open(target: DatabaseTarget): Promise<Database> {
    const { initializeDatabase } = await this.loadStorage();
    // A writer appends; it needs little page cache (SQLite's default 16 MiB instead of the 64 MiB readers get).
    // Its checkpoints run on a thread of their own, so inserting never waits for their fsyncs.
    const open = () => initializeDatabase({ url: target.url, urlSource: target.urlSource, sqliteCacheMiB: 16, sqliteBackgroundCheckpoint: true });
    if (!this.shared) return open();
    const key = target.url ?? '';
    let db = this.shared.get(key);
    if (!db) {
      db = open();
      this.shared.set(key, db);
      db.catch(() => this.shared!.delete(key));
    }
    return db;
  }

  async start(database: DatabaseTarget, run: CreateRunInput, audit?: AuditContext): Promise<string> {
    const { RunStatsAccumulator, heartbeatTimeoutSeconds } = await this.loadStorage();
    // Every reader of run statuses (this run's result included) judges liveness with LLM_EVAL_HEARTBEAT_TIMEOUT: a
    // malformed value must stop the run before its row (or a new SQLite file) exists, not leave a run no one writes.
    this.stallMs = evaluationStallMs(heartbeatTimeoutSeconds());
    this.db = await this.open(database);
    this.stats = new RunStatsAccumulator();
    // Who writes the run and a heartbeat, so readers can tell this run from one whose writer was killed; the heartbeat
    // by the database's clock ('now'), which readers judge it by: this machine's clock may be minutes off theirs.
    // Only the id is needed: the run is not read back.
    const runId = await this.db.runs.createRunId({ ...run, writerHost: hostname(), writerPid: process.pid, heartbeatAt: 'now' }, audit);
    this.runId = runId;
    this.lastBeat = Date.now();
    this.progressAt = this.lastBeat;
    this.lastProgress = this.evaluationProgress?.() ?? 0;
    // Unreferenced: the heartbeat never keeps a process (or the storage worker) alive.
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
    return runId;
  }

  /** Writes a batch after the batches asked for before it; after a failed write, refuses without writing. */
  write(items: ItemInput[]): Promise<WriteOutcome> {
    const written = this.lastWrite.then(() => {
      if (this.writeFailed) throw new Error('not written: an earlier write of this run failed');
      return this.writeNow(items);
    });
    this.lastWrite = written.catch(() => {
      this.writeFailed = true;
    });
    return written;
  }

  /** Writes one batch now (the caller has ordered it after the ones before). */
  protected async writeNow(items: ItemInput[]): Promise<WriteOutcome> {
    let outcome: WriteOutcome;
    let refused: ReadonlySet<number> | undefined;
    try {
      // Only while the run is running: a run cancelled or settled by another process takes no more of this writer's
      // items (the check is part of the batch's transaction, and costs nothing while the run runs).
      outcome = { stored: await this.db!.runs.addItems(this.runId!, items, { onlyWhileRunning: true }), rejected: [] };
    } catch (error) {
      if ((error as Error)?.name === 'RunClosedError') this.markClosed(String((error as { status?: unknown }).status ?? 'closed'));
      if ((error as Error)?.name === 'RunNotFoundError') this.markClosed(RUN_DELETED);
      // storage stored every other item of the batch and names the ones it refused: that is an outcome, not a failure.
      if ((error as Error)?.name !== 'ItemsRejectedError') throw error;
      const { stored, rejected } = error as ItemsRejectedError;
      refused = new Set(rejected.map((r) => r.index));
      outcome = { stored, rejected: rejected.map((r) => ({ itemId: r.itemId, reason: r.error.message })) };
    }
    // Only what was stored counts, as it would if the statistics were read back from the database.
    for (let i = 0; i < items.length; i++) if (!refused?.has(i)) this.stats!.addItem(items[i]!);
    if (Date.now() - this.lastBeat >= HEARTBEAT_MS / 5) await this.beat();
    return outcome;
  }

  /**
   * Refreshes the heartbeat, and learns from it whether the run is still running (another process may have cancelled
   * or settled it). A failed beat is not an error (the next one, or the final status, follows).
   */
  private async beat(): Promise<void> {
    if (!this.db || !this.runId || this.closed || this.evaluationStalled()) return;
    this.lastBeat = Date.now();
    const status = await this.db.runs.heartbeat(this.runId).catch(() => 'running' as const);
    // A deleted run (null) stops the evaluation as a close does, at once rather than at its next write; the recorder
    // reports it as a storage failure (finish throws RunNotFoundError), and the items evaluated stay in the result.
    if (status === null) this.markClosed(RUN_DELETED);
    else if (status !== 'running') this.markClosed(status);
  }

  /** True when the evaluation thread has given no sign of life for longer than the stall limit (see evaluationStallMs). */
  private evaluationStalled(): boolean {
    if (!this.evaluationProgress) return false;
    const progress = this.evaluationProgress();
    const now = Date.now();
    if (progress !== this.lastProgress) {
      this.lastProgress = progress;
      this.progressAt = now;
      return false;
    }
    return now - this.progressAt > this.stallMs;
  }

  private markClosed(status: string): void {
    if (this.closed) return;
    this.closed = status;
    clearInterval(this.heartbeat);
    this.onClosed?.(status);
  }

  closedStatus(): string | undefined {
    return this.closed;
  }

  async finish(final: FinalRunState, ok: boolean): Promise<void> {
    clearInterval(this.heartbeat);
    if (this.closed === RUN_DELETED) {
      // Nothing left to finish: storage's own error says so, as a refused batch of the run would.
      await this.close();
      const { RunNotFoundError } = await this.loadStorage();
      throw new RunNotFoundError(this.runId!);
    }
    try {
      if (ok || this.closed) {
        // Statistics, totals and final state in one transaction, without a second pass over the items. A run cancelled
        // elsewhere gets the statistics of the items stored before the cancel and stays cancelled; a run settled
        // elsewhere (RunClosedError) is left as it is.
        const stored = await this.db!.runs.storeRunStatistics(this.runId!, this.stats!, final).catch((error: unknown) => {
          if ((error as Error)?.name !== 'RunClosedError') throw error;
          this.markClosed(String((error as { status?: unknown }).status ?? 'closed'));
          return undefined;
        });
        // A cancel that came after the last write and before these statistics: the run stays cancelled, and the
        // evaluation must not report it completed.
        if (stored === 'cancelled' && final.status !== 'cancelled') this.markClosed('cancelled');
      } else {
        // A write failed: the run is stored as failed with the statistics and totals of the items it does hold, computed
        // from the stored rows (a batch whose commit was lost with the connection may be among them or not, so the
        // statistics gathered from the writes that answered could be short). Once: a run another process settled
        // meanwhile is left as it is. If the database cannot do that either, the status alone is tried.
        await this.db!.runs.finalizeRun(this.runId!, { ...final, status: 'failed' })
          .catch(() => this.db!.runs.updateRun(this.runId!, { ...final, status: 'failed' }))
          .catch(() => undefined);
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.stats = undefined;
    if (!this.shared) await this.db?.close().catch(() => undefined);
    this.db = undefined;
  }
}
