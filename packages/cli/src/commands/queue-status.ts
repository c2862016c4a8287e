import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { queue } from '../libraries';
import { seconds, shortId } from '../output/format';
import { print, printJson } from '../output/print';
import { renderTable } from '../output/table';
import { resolveQueue, withQueueOptions, type QueueArgs } from '../queue-connection';

type Args = GlobalOptions & QueueArgs;

/** `llm-eval queue status` */
export const queueStatusCommand: CommandModule<GlobalOptions, Args> = {
  command: 'status',
  describe: 'Show the runs on the queue (waiting, active, delayed, failed, done items) and the workers alive',
  builder: (y) =>
    withQueueOptions(y, 'The Redis the runs are queued on: redis://[:password@]host:6379[/db] (required)')
      .example('$0 queue status --queue redis://redis:6379', '')
      .example('$0 queue status --json', '{ queue, runs: [{ runId, name, status, waiting, active, orphaned, orphanedLockSeconds?, delayed, failed, done, total }], workers: [{ name, address, ageSeconds, idleSeconds }] }'),
  handler: handle<Args>(async (argv) => {
    const { connection, redacted } = resolveQueue(argv, true);
    const status = await queue().queueStatus(connection);
    if (argv.json) return printJson({ queue: redacted, ...status });
    print(`Queue ${redacted}`);
    if (status.runs.length === 0 && status.workers.length === 0) {
      print('The queue is empty: no runs and no workers. Start workers with llm-eval worker, submit runs with llm-eval evaluate --queue.');
      return;
    }
    print('');
    if (status.runs.length === 0) print('No runs on the queue.');
    else {
      print(
        renderTable(
          ['run', 'name', 'status', 'waiting', 'active', 'delayed', 'failed', 'done'],
          status.runs.map((r) => [
            shortId(r.runId),
            r.name ?? '–',
            r.status,
            r.waiting,
            r.active,
            r.delayed,
            r.failed,
            `${r.done}/${r.total ?? '?'}`,
          ]),
        ),
      );
      print("active: items live workers hold, running or taken ahead (up to two per task slot); a gone worker's count as waiting.");
      for (const r of status.runs) if (r.orphaned > 0) print(orphanedLine(r, status.workers.length > 0));
    }
    print('');
    if (status.workers.length === 0) print('No workers alive: start one with llm-eval worker --queue … --database-url postgresql://…');
    else
      print(
        renderTable(
          ['worker', 'address', 'age', 'last heard'],
          // Since the worker last sent Redis a command on any connection: a busy worker still does twice a second; one
          // whose event loop is held (a synchronous task) goes quiet.
          status.workers.map((w) => [w.name, w.address ?? '–', seconds(w.ageSeconds), `${seconds(w.idleSeconds)} ago`]),
        ),
      );
  }),
};

/**
 * Items of a run still locked by a worker that is gone (killed, or cut off from Redis): counted as waiting, yet no
 * worker takes them before their locks expire.
 */
function orphanedLine(run: { runId: string; orphaned: number; orphanedLockSeconds?: number }, workersAlive: boolean): string {
  const items = run.orphaned === 1 ? '1 of its waiting items was' : `${run.orphaned} of its waiting items were`;
  const who = workersAlive ? 'a live worker takes' : 'no worker is alive: the next one started takes';
  const when = `${who} them over at a stalled-job check once their locks expire (in ≤ ${run.orphanedLockSeconds ?? '?'} s; workers check every 30 s by default)`;
  return `run ${shortId(run.runId)}: ${items} held by a worker that is gone; ${when}.`;
}
