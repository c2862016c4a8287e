import type { Database, ItemInput } from '@llm-eval/storage';
import { isDatabaseUnreachable } from './database-unreachable';
import { storeItems, type StoreOutcome } from './run-store';

/** Errors of an unreachable or locked database: every row of a batch would fail alone as well. */
const CONNECTION_ERRORS = new Set(['DatabaseConnectionError', 'DatabaseBusyError']);

/** What became of one row: stored (or already stored), refused by the database, or dropped because the run is closed. @internal */
export type RowOutcome = { kind: 'stored' } | { kind: 'refused'; reason: string } | { kind: 'closed' };

interface Pending {
  row: ItemInput;
  resolve(outcome: RowOutcome): void;
  reject(error: unknown): void;
}

/** Settles each row of a write that went through: stored, or refused with the database's reason. */
function settleWritten(rows: readonly Pending[], refused: StoreOutcome['refused']): void {
  const reasons = new Map(refused.map((r) => [r.itemId, r.reason]));
  for (const p of rows) {
    const reason = reasons.get(p.row.itemId);
    p.resolve(reason === undefined ? { kind: 'stored' } : { kind: 'refused', reason });
  }
}

/** True for a write refused because the run is no longer running (cancelled, finalised, deleted): its rows are dropped. */
function runClosed(error: unknown): boolean {
  const name = (error as Error)?.name;
  return name === 'RunClosedError' || name === 'RunNotFoundError';
}

/** Options of an ItemBatcher. @internal */
export interface ItemBatcherOptions {
  maxRows?: number;
  /** Tries of a batch that fails (connection errors) before its jobs fail and BullMQ retries them. */
  attempts?: number;
  retryBaseDelayMs?: number;
  /** Told after each write that stored rows of a run (the worker's heartbeat hook). */
  onWritten?: (runId: string) => void;
  onRetry?: (runId: string, error: Error, attempt: number) => void;
}

/**
 * Collects a worker's finished rows per run and writes them with one addItems call per batch (at most 200 rows, one
 * write per run in flight: the rows that finish during a write are the next batch). `add` resolves once the row is durable, so a job completes only after its item is stored. A batch that fails
 * is retried with backoff; after the last try its rows are written one by one (unless the database is unreachable), and
 * those that still fail reject: their jobs fail, to be retried by BullMQ (the write is idempotent, so nothing is lost or
 * doubled).
 * @internal
 */
export class ItemBatcher {
  private readonly pending = new Map<string, Pending[]>();
  private readonly writing = new Set<Promise<void>>();
  /** Writes in flight per run. */
  private readonly inFlight = new Map<string, number>();
  private readonly scheduled = new Set<string>();
  private readonly maxRows: number;
  private readonly attempts: number;
  private readonly retryBaseDelayMs: number;

  constructor(
    private readonly db: Database,
    private readonly options: ItemBatcherOptions = {},
  ) {
    this.maxRows = options.maxRows ?? 200;
    this.attempts = options.attempts ?? 5;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
  }

  /** Queues a row of a run; resolves when it is stored (or refused, or the run closed). */
  add(runId: string, row: ItemInput): Promise<RowOutcome> {
    return new Promise((resolve, reject) => {
      let rows = this.pending.get(runId);
      if (!rows) this.pending.set(runId, (rows = []));
      rows.push({ row, resolve, reject });
      // Group commit: with no write of this run in flight, write at once (after the adds of this tick); rows
      // arriving during a write go in the next batch, written when it ends. Waiting for a timer instead would hold
      // each job's concurrency slot for the interval: with a 100 ms task, half a worker's throughput.
      if (!this.inFlight.has(runId) || rows.length >= this.maxRows) this.scheduleFlush(runId);
    });
  }

  private scheduleFlush(runId: string): void {
    if (this.scheduled.has(runId)) return;
    this.scheduled.add(runId);
    setImmediate(() => {
      this.scheduled.delete(runId);
      if (!this.inFlight.has(runId) || (this.pending.get(runId)?.length ?? 0) >= this.maxRows) this.flushRun(runId);
    });
  }

  /** Writes everything queued and waits for every write in progress. */
  async drain(): Promise<void> {
    for (;;) {
      for (const runId of [...this.pending.keys()]) if (!this.inFlight.has(runId)) this.flushRun(runId);
      if (!this.writing.size && !this.pending.size) return;
      await Promise.allSettled([...this.writing]);
    }
  }

  private flushRun(runId: string): void {
    const all = this.pending.get(runId);
    if (!all?.length) return;
    const batch = all.splice(0, this.maxRows);
    if (!all.length) this.pending.delete(runId);
    this.inFlight.set(runId, (this.inFlight.get(runId) ?? 0) + 1);
    const write = this.write(runId, batch).finally(() => {
      this.writing.delete(write);
      const left = this.inFlight.get(runId)! - 1;
      if (left) this.inFlight.set(runId, left);
      else this.inFlight.delete(runId);
      // What arrived meanwhile is the next batch.
      if (this.pending.has(runId)) this.scheduleFlush(runId);
    });
    this.writing.add(write);
  }

  private async write(runId: string, batch: Pending[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { refused } = await storeItems(this.db, runId, batch.map((p) => p.row));
        settleWritten(batch, refused);
        this.options.onWritten?.(runId);
        return;
      } catch (error) {
        if (runClosed(error)) {
          for (const p of batch) p.resolve({ kind: 'closed' });
          return;
        }
        if (attempt >= this.attempts) {
          if (batch.length > 1 && !CONNECTION_ERRORS.has((error as Error)?.name) && !isDatabaseUnreachable(error)) await this.writeAlone(runId, batch);
          else for (const p of batch) p.reject(error);
          return;
        }
        this.options.onRetry?.(runId, error as Error, attempt);
        await new Promise((r) => setTimeout(r, this.retryBaseDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  /**
   * A batch the database kept refusing for a reason storage does not pin on one row (a trigger's exception, an
   * error of the statement): each row is written alone, once, so only the rows that fail alone fail their jobs. Every
   * other item of the batch is stored instead of sharing the bad row's fate in every retry.
   */
  private async writeAlone(runId: string, batch: Pending[]): Promise<void> {
    for (const p of batch) {
      try {
        const { refused } = await storeItems(this.db, runId, [p.row]);
        settleWritten([p], refused);
        if (!refused.length) this.options.onWritten?.(runId);
      } catch (error) {
        if (runClosed(error)) p.resolve({ kind: 'closed' });
        else p.reject(error);
      }
    }
  }
}
