import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Pages the WAL may hold before the writing connection checkpoints it itself while a background checkpointer runs
 * (SQLite's default is 1,000). It is the backstop for when the checkpointer cannot keep up: a writer that never pauses
 * never lets a checkpoint finish, so the WAL is reset only by the writer's own checkpoint, and grows to about this many
 * pages (16 MiB at 4 KiB pages) meanwhile.
 */
export const BACKGROUND_WAL_AUTOCHECKPOINT_PAGES = 4_000;

/** How often the checkpointer copies what the WAL holds into the database (a pass with nothing to copy costs ~µs). */
const CHECKPOINT_INTERVAL_MS = 10;

/**
 * The checkpointer thread: its own connection to the file, copying committed WAL frames into the database with
 * PASSIVE checkpoints (which never wait for, nor block, readers or writers). A failed pass is left to the next one.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const pass = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(pass, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  pass();
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/**
 * Checkpoints a SQLite database's WAL on a thread of its own, so the connection that writes does not. SQLite runs a
 * checkpoint inside the COMMIT that takes the WAL past 1,000 pages, and with `synchronous = NORMAL` that checkpoint is
 * where the two fsyncs happen: about a quarter of a bulk writer's time (for the evaluator's storage worker, 1.2 of
 * 4.7 µs per item). The writer lets the WAL grow to BACKGROUND_WAL_AUTOCHECKPOINT_PAGES before it checkpoints itself.
 * Durability is unchanged: the same syncs happen, on another thread.
 * @internal
 */
export class BackgroundCheckpointer {
  private stopped: Promise<void> | undefined;
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.once('exit', () => {
      this.exited = true;
    });
  }

  /**
   * Starts the thread on `file` (a database in WAL mode that exists), resolving once its connection is open; undefined
   * when it cannot start (the driver cannot be found from here, the thread fails to open the file): the writer then
   * checkpoints as usual.
   */
  static async start(file: string): Promise<BackgroundCheckpointer | undefined> {
    let driver: string;
    try {
      driver = createRequire(__filename).resolve('better-sqlite3');
    } catch {
      return undefined;
    }
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS },
      // It allocates next to nothing: a small heap keeps its memory to that of a bare thread.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    const ready = await new Promise<boolean>((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    if (!ready) {
      await worker.terminate().catch(() => undefined);
      return undefined;
    }
    // Never keeps the process alive; an error after start (the file deleted under it) only ends the checkpointing.
    worker.on('error', () => undefined);
    worker.unref();
    return new BackgroundCheckpointer(worker);
  }

  /** Runs a last pass, closes the thread's connection and waits for the thread to end. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      this.worker.once('exit', () => resolve());
      // Referenced while it stops: a process awaiting close() with nothing else to do must not exit before it has.
      this.worker.ref();
      this.worker.postMessage('stop');
    });
    return this.stopped;
  }
}
