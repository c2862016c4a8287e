import type { CommandModule } from 'yargs';
import { cliAudit } from '../access/cli-actor';
import type { GlobalOptions } from '../global-options';
import { currentUser } from '../current-user';
import { resolveRun, withExistingDatabase } from '../database';
import { distributedDatabase } from '../distributed-database';
import { handle } from '../handle';
import { queue, storage } from '../libraries';
import { colors } from '../output/color';
import { shortId } from '../output/format';
import { note, print, printJson } from '../output/print';
import { resolveQueue, withQueueOptions, type QueueArgs } from '../queue-connection';
import { onSameDatabase } from '../same-database';

interface Args extends GlobalOptions, QueueArgs {
  run: string;
  reason?: string;
}

/** `llm-eval runs cancel <run>` */
export const runsCancelCommand: CommandModule<GlobalOptions, Args> = {
  command: 'cancel <run>',
  describe: 'Cancel a running run (with --queue: stop every worker\'s remaining items of a distributed run)',
  builder: (y) =>
    withQueueOptions(y, 'The Redis of a distributed run (evaluate --queue): its workers drop the run\'s remaining items')
      .positional('run', { type: 'string', demandOption: true, describe: 'Run id, unique id prefix, run name, latest or latest~N' })
      .option('reason', { type: 'string', describe: 'Why, stored with the run (default: cancelled with llm-eval runs cancel by $USER)' })
      .example('$0 runs cancel 3f2a9c1e --queue redis://redis:6379', '')
      .example('$0 runs cancel latest --json', '{ runId, name, cancelled, status, items }')
      .epilogue('Exit codes: 0 cancelled; 1 the run was not running (the message names its status) or was not found (a name that matches several runs lists them); 2 a usage error.'),
  handler: handle<Args>(async (argv) => {
    // Checked before connecting: a malformed Redis URL or, with --queue, a SQLite database is a usage error.
    const q = resolveQueue(argv, false);
    const database = q ? distributedDatabase(argv, 'runs cancel --queue') : undefined;
    return withExistingDatabase(argv, async (db) => {
      // A run that is not found (or a name that matches several) is exit 1, as in every other runs command.
      const id = await resolveRun(db, argv.run);
      const before = await db.runs.requireRun(id);
      const c = colors(argv.color);
      const notRunning = (status: string) => {
        const recover = (force: boolean) => onSameDatabase(`runs recover ${shortId(id)}${force ? ' --force' : ''}`);
        const hint = status === 'abandoned' ? ` (${storage().abandonedRunAdvice(before, recover)})` : '';
        if (argv.json) printJson({ runId: id, name: before.name, cancelled: false, status });
        note(`llm-eval: run ${id} "${before.name}" is ${status}, not running: nothing to cancel${hint}`);
        return 1;
      };
      if (before.status !== 'running') return notRunning(before.status);
      const reason = argv.reason ?? `cancelled with llm-eval runs cancel by ${currentUser()}`;
      // The queue's cancel drops the run's remaining items on every worker and stores the run as cancelled with the
      // statistics of its stored items; a run that is not on the queue (a local one) is cancelled in the database.
      const audit = cliAudit();
      const onNotQueued = (message: string) => note(`llm-eval: ${message}; the run is cancelled in the database, and workers that serve it stop its items as they next store one`);
      const viaQueue = q ? await queue().cancelRun(q.connection, id, { databaseUrl: database!.databaseUrl, reason, onNotQueued }) : false;
      // The queue's cancel stores the run through the queue package, which takes no audit context: its entry follows.
      if (viaQueue) {
        await db.audit.append({
          actor: audit.actor,
          action: 'run.cancelled',
          targetType: 'run',
          targetId: id,
          projectId: before.projectId ?? null,
          details: { name: before.name, reason, via: 'queue' },
        });
      }
      const cancelled = viaQueue || (await db.runs.cancelRun(id, reason, audit));
      const after = await db.runs.requireRun(id);
      if (!cancelled && after.status !== 'cancelled') return notRunning(after.status);
      if (argv.json) printJson({ runId: id, name: after.name, cancelled: true, status: after.status, items: after.totalItems });
      else print(`${c.green('cancelled')} ${shortId(id)}  ${c.bold(after.name)}  ${after.totalItems} items stored · ${reason}`);
      return 0;
    });
  }),
};
