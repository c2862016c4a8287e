import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AuditContext, CreateRunInput, ItemInput } from '@llm-eval/storage';
import { closedStatusOf } from './closed-status';
import type { RecordColumns } from './record-columns';
import type { DatabaseTarget, FinalRunState, RecorderBackend, WriteOutcome } from './recorder-backend';

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  name?: string;
  message?: string;
  /** A RunClosedError's run status. */
  status?: string;
  /** A ValidationError's field. */
  field?: string;
}

/** The built worker script beside this bundle, or undefined when running from sources (tests). @internal */
export function recorderWorkerFile(): string | undefined {
  const file = path.join(__dirname, 'recorder-worker.js');
  return existsSync(file) ? file : undefined;
}

/**
 * One storage worker per process, started on first use and kept (unreferenced while idle, so it never holds the
 * process open) for later runs, which then skip loading the database stack again.
 */
class WorkerHost {
  private readonly worker: Worker;
  private nextId = 0;
  private nextSession = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(file: string, private readonly onDead: () => void) {
    // The worker runs a file: flags meant for an inline script (node --input-type=module -e …) must not reach it.
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type') && arg !== '-e' && arg !== '--eval');
    this.worker = startWorker(file, execArgv);
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.ok) waiter.resolve(reply.value);
      else {
        const error = new Error(reply.message) as Error & { status?: string; field?: string };
        error.name = reply.name ?? 'Error';
        if (reply.status !== undefined) error.status = reply.status;
        if (reply.field !== undefined) error.field = reply.field;
        waiter.reject(error);
      }
    });
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new Error(`the storage worker exited (code ${code})`)));
  }

  session(): number {
    return this.nextSession++;
  }

  call(message: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      try {
        this.worker.postMessage({ ...message, id });
      } catch {
        // Values a structured clone cannot copy (functions, …) travel as JSON instead.
        this.worker.postMessage(JSON.parse(JSON.stringify({ ...message, id })));
      }
    });
  }

  private die(error: Error): void {
    this.onDead();
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/**
 * A worker with the process's Node.js flags; with none when a worker may not take one of them (`node --expose-gc`
 * and other per-process flags throw ERR_WORKER_INVALID_EXEC_ARGV), so such a flag never turns storage off.
 */
function startWorker(file: string, execArgv: string[]): Worker {
  try {
    return new Worker(file, { execArgv });
  } catch (error) {
    if ((error as { code?: unknown })?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(file, { execArgv: [] });
  }
}

let host: WorkerHost | undefined;

function hostFor(file: string): WorkerHost {
  host ??= new WorkerHost(file, () => {
    host = undefined;
  });
  return host;
}

/** Sends a run's database operations to the shared storage worker. @internal */
export class WorkerBackend implements RecorderBackend {
  private readonly host: WorkerHost;
  private readonly sessionId: number;
  /**
   * [0]: the worker adds one for each write of this run it has finished (written or refused), before it replies.
   * [1]: the worker sets the run's status (closed-status.ts) when it learns another process closed the run.
   * [2]: the evaluation thread adds one whenever it says it is running (alive); the worker's heartbeat follows it.
   */
  private readonly finished = new Int32Array(new SharedArrayBuffer(12));
  /** Writes handed to the worker. */
  private sent = 0;

  constructor(file: string) {
    this.host = hostFor(file);
    this.sessionId = this.host.session();
  }

  private call(message: Record<string, unknown>): Promise<unknown> {
    return this.host.call({ ...message, session: this.sessionId });
  }

  async start(database: DatabaseTarget, run: CreateRunInput, audit?: AuditContext): Promise<string> {
    return (await this.call({ op: 'start', database, run, audit, finished: this.finished })) as string;
  }

  // Not async: a suspended async function keeps its arguments alive until it resumes, i.e. until the evaluation
  // thread reads the reply, which a run that never yields to its event loop does only at the end. Every batch written
  // would stay in memory until then (a 1,000,000-item streamed run peaked at 839 MB instead of 270).
  write(items: ItemInput[]): Promise<WriteOutcome> {
    this.sent++;
    return this.call({ op: 'write', items }) as Promise<WriteOutcome>;
  }

  writeColumns(columns: RecordColumns): Promise<WriteOutcome> {
    this.sent++;
    return this.call({ op: 'write-columns', columns }) as Promise<WriteOutcome>;
  }

  alive(): void {
    Atomics.add(this.finished, 2, 1);
  }

  unfinishedWrites(): number {
    return this.sent - Atomics.load(this.finished, 0);
  }

  closedStatus(): string | undefined {
    return closedStatusOf(Atomics.load(this.finished, 1));
  }

  async finish(final: FinalRunState, ok: boolean): Promise<void> {
    await this.call({ op: 'finish', final, ok });
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' });
  }
}
