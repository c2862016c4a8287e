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
      .example('$0 queue status --json', '{ queue, runs: [{ runId, name, status, waiting, active, delayed, failed, done, total }], workers: [{ name, address, ageSeconds, idleSeconds }] }'),
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
      print("active: items workers hold, running or taken ahead (up to two per task slot); a dead worker's count as waiting.");
    }
    print('');
    if (status.workers.length === 0) print('No workers alive: start one with llm-eval worker --queue … --database-url postgresql://…');
    else
      print(
        renderTable(
          ['worker', 'address', 'age', 'last heard'],
          // Redis's idle time of the worker's connection: how long ago it last sent a command, not whether it is busy.
          status.workers.map((w) => [w.name, w.address ?? '–', seconds(w.ageSeconds), `${seconds(w.idleSeconds)} ago`]),
        ),
      );
  }),
};
