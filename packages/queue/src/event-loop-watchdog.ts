import { Worker } from 'node:worker_threads';

/** The least time a worker's event loop may stand still before its watchdog stops it, by default. */
/** Off unless asked for: a limit shorter than a legitimate synchronous load or metric would kill healthy workers. */
export const DEFAULT_WATCHDOG_MS = 0;
/** How often the event loop marks that it turned. */
const BEAT_MS = 500;
/** Items named in the watchdog's line; more are counted. */
const NAMED_ITEMS = 5;

/**
 * The watchdog's thread: it reads the main thread's last beat (process.hrtime, the same monotonic clock in every
 * thread) from shared memory, and when the event loop has stood still past the limit, writes one line to stderr and
 * kills the process. A signal whose default action is to end the process is the one way out: the main thread cannot
 * run a handler, and process.exit in a thread ends only that thread. A thread that did not run itself for a while (the
 * process was suspended, the machine slept) starts counting again rather than take that pause for the loop's.
 */
const THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const beat = new BigInt64Array(workerData.beat);
let limitMs = workerData.limitMs;
let doing = '';
parentPort.on('message', (message) => { limitMs = message.limitMs; doing = message.doing; });
const checkMs = workerData.checkMs;
const now = () => Number(process.hrtime.bigint() / 1000000n);
let lastCheck = now();
let resumedAt = 0;
setInterval(() => {
  const at = now();
  if (at - lastCheck > 3 * checkMs) resumedAt = at;
  lastCheck = at;
  const still = at - Math.max(Number(Atomics.load(beat, 0) / 1000000n), resumedAt);
  if (still <= limitMs) return;
  writeSync(2, workerData.name + ': the event loop has not turned for ' + Math.round(still / 1000) + ' s (limit ' + Math.round(limitMs / 1000) +
    ' s): a task or metric is stuck in synchronous code (' + (doing || 'no item running') + '); stopping the worker (SIGKILL) so other workers take its items\\n');
  process.kill(process.pid, 'SIGKILL');
}, checkMs);
`;

/**
 * Stops a worker whose event loop stands still far longer than any item may take: JavaScript cannot interrupt a task
 * stuck in a synchronous endless loop, and such a worker would hold its items (and look alive) for ever. Killed, its
 * items are taken over by other workers once their locks expire, and an item that stops MAX_WORKER_STOPS + 1 workers is
 * stored as failed (WorkerLostError); a process supervisor restarts the worker. The limit is the longest of `minMs` and
 * each running item's timeout plus `extraMs` (the stall interval), so a long synchronous task with a long timeout is
 * never taken for stuck.
 * @internal
 */
export class EventLoopWatchdog {
  private readonly beat = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly thread: Worker;
  private readonly beater: NodeJS.Timeout;
  private readonly running = new Map<number, { what: string; limitMs: number }>();
  private nextId = 0;

  constructor(
    name: string,
    private readonly minMs: number,
    private readonly extraMs: number,
  ) {
    this.mark();
    this.beater = setInterval(() => this.mark(), BEAT_MS);
    this.beater.unref();
    const checkMs = Math.max(50, Math.min(1_000, minMs / 4));
    this.thread = new Worker(THREAD, { eval: true, workerData: { beat: this.beat.buffer, limitMs: minMs, checkMs, name } });
    this.thread.unref();
  }

  /** Notes an item running its task and metrics, with its run's longest timeout; returns the function that unnotes it. */
  track(runId: string, itemId: string, timeoutMs: number): () => void {
    const id = this.nextId++;
    this.running.set(id, { what: `run ${runId} item ${itemId}`, limitMs: timeoutMs + this.extraMs });
    this.tell();
    return () => {
      if (this.running.delete(id)) this.tell();
    };
  }

  /** Stops the thread. */
  async stop(): Promise<void> {
    clearInterval(this.beater);
    await this.thread.terminate().catch(() => undefined);
  }

  private mark(): void {
    Atomics.store(this.beat, 0, process.hrtime.bigint());
  }

  private tell(): void {
    let limitMs = this.minMs;
    const named: string[] = [];
    for (const { what, limitMs: itemLimit } of this.running.values()) {
      limitMs = Math.max(limitMs, itemLimit);
      if (named.length < NAMED_ITEMS) named.push(what);
    }
    const more = this.running.size - named.length;
    // The item that starts is noted before its task runs, so a task that never returns is named.
    this.mark();
    this.thread.postMessage({ limitMs, doing: named.join(', ') + (more > 0 ? ` and ${more} more` : '') });
  }
}
