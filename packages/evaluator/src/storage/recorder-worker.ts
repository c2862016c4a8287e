import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { Database } from '@llm-eval/storage';
import { recordsFromColumns, type RecordColumns } from './record-columns';
import { RunWriter } from './run-writer';
import { closedStatusCode } from './closed-status';

/**
 * Worker-thread entry: writes runs' rows on the machine's other core, so storing costs the evaluation loop only a
 * postMessage per batch. One worker serves every run of the process; each run is a session whose requests are
 * handled strictly in order.
 * @internal
 */
type Request = { id: number; session: number } & (
  | {
      op: 'start';
      database: Parameters<RunWriter['start']>[0];
      run: Parameters<RunWriter['start']>[1];
      audit?: Parameters<RunWriter['start']>[2];
      /**
       * Shared with the evaluation thread: [0] this run's finished writes, counted before each reply; [1] the run's
       * stored status once another process closed it (closed-status.ts), set as soon as the writer learns it; [2] the
       * evaluation thread's signs of life.
       */
      finished?: Int32Array;
    }
  | { op: 'write'; items: Parameters<RunWriter['write']>[0] }
  | { op: 'write-columns'; columns: RecordColumns }
  | { op: 'finish'; final: Parameters<RunWriter['finish']>[0]; ok: boolean }
  | { op: 'close' }
);

const sessions = new Map<number, { writer: RunWriter; queue: Promise<void>; finished?: Int32Array }>();
/**
 * This thread loads @llm-eval/storage through CommonJS: TypeORM's CommonJS entry loads about 80 ms sooner than its
 * ES-module wrapper, on every run's start in a new process. The worker is its own realm, so no second copy of the
 * entity classes can meet the first.
 */
const requireCjs = createRequire(__filename);
const loadStorage = async () => requireCjs('@llm-eval/storage') as typeof import('@llm-eval/storage');
/** Open databases by URL, kept for later runs of this process. */
const databases = new Map<string, Promise<Database>>();

async function handle(writer: RunWriter, request: Request): Promise<unknown> {
  switch (request.op) {
    case 'start':
      return writer.start(request.database, request.run, request.audit);
    case 'write':
      return writer.write(request.items);
    case 'write-columns':
      return writer.write(recordsFromColumns(request.columns));
    case 'finish':
      return writer.finish(request.final, request.ok);
    case 'close':
      return writer.close();
  }
}

parentPort!.on('message', (request: Request) => {
  let session = sessions.get(request.session);
  if (!session) sessions.set(request.session, (session = { writer: new RunWriter(databases, loadStorage), queue: Promise.resolve() }));
  const current = session;
  if (request.op === 'start') {
    const finished = (current.finished = request.finished);
    if (finished) current.writer.onClosed = (status) => Atomics.store(finished, 1, closedStatusCode(status));
    // The evaluation thread's sign of life (WorkerBackend.alive): the heartbeat is refreshed only while it runs.
    if (finished && finished.length > 2) current.writer.evaluationProgress = () => Atomics.load(finished, 2);
  }
  const isWrite = request.op === 'write' || request.op === 'write-columns';
  current.queue = current.queue.then(async () => {
    try {
      const value = await handle(current.writer, request);
      // The evaluation thread may hand over the next batch as soon as it sees this, long before it reads the reply.
      if (isWrite && current.finished) Atomics.add(current.finished, 0, 1);
      parentPort!.postMessage({ id: request.id, ok: true, value });
    } catch (error) {
      if (isWrite && current.finished) Atomics.add(current.finished, 0, 1);
      const e = error as Error;
      // What the evaluation thread needs of a typed error: a RunClosedError's run status, a ValidationError's field.
      const { status, field } = (error ?? {}) as { status?: unknown; field?: unknown };
      parentPort!.postMessage({
        id: request.id,
        ok: false,
        name: e?.name ?? 'Error',
        message: e?.message ?? String(error),
        status: typeof status === 'string' ? status : undefined,
        field: typeof field === 'string' ? field : undefined,
      });
    } finally {
      if (request.op === 'finish' || request.op === 'close') sessions.delete(request.session);
    }
  });
});
