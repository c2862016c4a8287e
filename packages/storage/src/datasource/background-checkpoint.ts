import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Pages the WAL may hold before the writing connection checkpoints it itself while a background checkpointer runs
 * (SQLite's default is 1,000). It is the backstop for when the checkpointer cannot keep up: a writer that never pauses
 * never lets a checkpoint finish, so the WAL is reset only by the writer's own checkpoint, and grows to about this many
 * pages (16 MiB at 4 KiB pages) meanwhile.
 */
export const BACKGROUND_WAL_AUTOCHECKPOINT_PAGES = 4_000;

/**
 * When the checkpointer copies the WAL into the database. It looks at the WAL every `lookMs` (a look is one stat of
 * the WAL file, ~µs) and passes as soon as the writer has paused (the WAL unchanged since the last look) while it is
 * behind. While the writer goes on it defers passes up to `maxDeferMs`: each pass costs two fsyncs and wakes a thread
 * that competes with the writer for the CPU (passing every 10 ms during a bulk write cost about 1.2 µs of CPU per
 * stored item, a fifth of the writer's own; every quarter of a second under half of that). At the evaluator's fastest
 * (~150,000 items/s) the WAL grows by under 2,000 pages in that time, well short of the writer's backstop. It also
 * passes every `idleMs` whatever it saw (a pass with nothing to copy costs microseconds), so a write the file's
 * coarse timestamps hid is still copied.
 * @internal
 */
export const CHECKPOINT_TIMING = { lookMs: 10, maxDeferMs: 250, idleMs: 1_000 };

/**
 * Whether a look at the WAL runs a pass: `changed` when the WAL file changed since the last look, `behind` when the
 * last pass could not copy everything (or writes came since), `sinceLastPassMs` since the last pass. Runs in the
 * checkpointer thread (as its source text), so it refers to nothing outside itself.
 * @internal
 */
export function shouldPass(changed: boolean, behind: boolean, sinceLastPassMs: number, timing: typeof CHECKPOINT_TIMING): boolean {
  if (changed) return sinceLastPassMs >= timing.maxDeferMs;
  return behind || sinceLastPassMs >= timing.idleMs;
}

/**
 * The checkpointer thread: its own connection to the file, copying committed WAL frames into the database with
 * PASSIVE checkpoints (which never wait for, nor block, readers or writers), when shouldPass says. A pass that could
 * not copy everything (a reader held old pages, or it failed) leaves it behind, so the next look passes again.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const wal = workerData.file + '-wal';
const shouldPass = ${shouldPass.toString()};
let seen = '';
let behind = true;
let lastPass = -Infinity;
const walState = () => {
  try {
    const s = statSync(wal, { bigint: true });
    return s.size + ':' + s.mtimeNs;
  } catch {
    return '';
  }
};
const pass = () => {
  lastPass = performance.now();
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    behind = r.busy !== 0 || r.checkpointed < r.log;
  } catch {
    behind = true;
  }
};
const look = () => {
  const state = walState();
  const changed = state !== seen;
  seen = state;
  if (changed) behind = true;
  if (shouldPass(changed, behind, performance.now() - lastPass, workerData.timing)) pass();
};
const timer = setInterval(look, workerData.timing.lookMs);
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
 * Durability is that of `synchronous = NORMAL` either way: a commit is not synced by itself, a checkpoint syncs what
 * it copies.
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
      workerData: { file, driver, timing: CHECKPOINT_TIMING },
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
