import type { AuditContext, CreateRunInput, ItemInput } from '@llm-eval/storage';
import type { RecordColumns } from './record-columns';

/** Which database to open: its URL (default: the environment's) and what the user typed to give it. @internal */
export interface DatabaseTarget {
  url?: string;
  urlSource?: string;
}

/** The final state written when a run ends. @internal */
export interface FinalRunState {
  status: 'completed' | 'failed' | 'cancelled';
  /** When the first item started: the run's clock does not include opening the database. */
  startedAt: Date;
  completedAt: Date;
  durationSeconds: number;
  /** Why the run ended as it did (e.g. items the database refused). */
  statusReason?: string;
}

/** What one batch write stored, and the items the database refused (every other item of the batch is stored). @internal */
export interface WriteOutcome {
  stored: number;
  rejected: Array<{ itemId: string; reason: string }>;
}

/** Where recorded runs go: the database on this thread, or on a worker thread. @internal */
export interface RecorderBackend {
  /**
   * Opens the database (creating tables on first use) and creates the run row; returns its id. With `audit`, the
   * run's `run.created` audit entry is written in the transaction that creates it.
   */
  start(database: DatabaseTarget, run: CreateRunInput, audit?: AuditContext): Promise<string>;
  /** Writes one batch of items, after the batches before it; items the database refuses come back, not as a throw. */
  write(items: ItemInput[]): Promise<WriteOutcome>;
  /** Writes one batch given as columns (what the worker is sent); without it, write() gets the batch's rows. */
  writeColumns?(columns: RecordColumns): Promise<WriteOutcome>;
  /**
   * Writes handed over and not yet done, read at once from the writer's own progress (the worker counts its finished
   * writes in shared memory). The evaluation thread learns of a reply only when it yields to its event loop, which it
   * may not do for many batches; without this the recorder counts writes whose reply it has not read yet.
   */
  unfinishedWrites?(): number;
  /**
   * The run's stored status once the writer learnt that another process closed it (cancelled or settled it):
   * a batch refused with RunClosedError, or a heartbeat that found the run no longer running. RUN_DELETED once it
   * learnt the run's row is gone (a heartbeat found no run, or a batch was refused with RunNotFoundError). Undefined
   * while open.
   */
  closedStatus?(): string | undefined;
  /**
   * Says the evaluation thread is running (called about once a second, and with each write). A writer on another
   * thread refreshes the run's heartbeat only while these keep coming: a task stuck in an endless loop blocks the
   * evaluation thread, and its run must then look abandoned to readers, not alive for ever.
   */
  alive?(): void;
  /**
   * Writes statistics, totals and the final state (or just marks the run failed), then closes the database. A run
   * another process settled meanwhile is left as it is.
   */
  finish(final: FinalRunState, ok: boolean): Promise<void>;
  /** Closes without finishing (after a failed start). */
  close(): Promise<void>;
}
