import type { CommandModule } from 'yargs';
import type { WorkerEvent } from '@llm-eval/queue';
import type { GlobalOptions } from '../global-options';
import { signalExitCode } from '../cancel-on-signals';
import { distributedDatabase } from '../distributed-database';
import { handle } from '../handle';
import { queue } from '../libraries';
import { registerMetricFiles } from '../load-metrics';
import { loadTask } from '../load-task';
import { MAX_TIMER_MS, numeric } from '../numeric-option';
import { flushOutput, keepRunningWithoutOutput, note, print, redirectForeignStdout } from '../output/print';
import { resolveQueue, withQueueOptions, type QueueArgs } from '../queue-connection';
import { silenceStorageWarnings } from '../storage-failure';

interface Args extends GlobalOptions, QueueArgs {
  concurrency: number;
  loadTimeout?: number;
  watchdog?: number;
  name?: string;
}

/** The signals that stop a worker: Ctrl-C and `kill` (service managers, container stops). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

const stamp = () => new Date().toISOString().slice(11, 19);

/**
 * Resolves with the first SIGINT or SIGTERM; a second one exits at once with the signal's code (the items in flight
 * are then taken over by other workers once their locks expire).
 */
function firstStopSignal(): Promise<(typeof STOP_SIGNALS)[number]> {
  return new Promise((resolve) => {
    let first: (typeof STOP_SIGNALS)[number] | undefined;
    const onSignal = (signal: (typeof STOP_SIGNALS)[number]) => {
      if (first) {
        note(`${signal} again: quitting now; other workers take over this worker's items once their locks expire`);
        process.exit(signalExitCode(signal));
      }
      first = signal;
      resolve(signal);
    };
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  });
}

/** `llm-eval worker` */
export const workerCommand: CommandModule<GlobalOptions, Args> = {
  command: 'worker',
  describe: 'Run the items of distributed runs (evaluate --queue) from a Redis queue, storing them in PostgreSQL',
  builder: (y) =>
    withQueueOptions(y, 'The Redis the runs are queued on: redis://[:password@]host:6379[/db] (required)')
      .option('concurrency', { ...numeric('--concurrency', { integer: true, min: 1, max: 100_000 }), default: 10, describe: 'Items this worker runs at once (1–100,000)' })
      .option('load-timeout', {
        ...numeric('--load-timeout', { integer: true, min: 1, max: MAX_TIMER_MS, unit: 'milliseconds' }),
        default: 60_000,
        describe: "Longest wait in ms for a run's task and --metric-file modules to load; past it the run is stored as failed with the reason and the worker serves other runs",
      })
      .option('watchdog', {
        ...numeric('--watchdog', { integer: true, min: 0, max: MAX_TIMER_MS, unit: 'milliseconds' }),
        describe:
          'Off by default. Ms the event loop may stand still (a task stuck in a synchronous loop) before the worker names the items in flight on stderr and kills itself (SIGKILL) for its supervisor to restart it; never below a running item\'s --timeout plus 30 s. Set it above the longest synchronous work your modules do, loading included',
      })
      .option('name', { type: 'string', describe: 'Name shown by llm-eval queue status (default: host:pid)' })
      .example('$0 worker --queue redis://redis:6379 --database-url postgresql://llm:secret@db/llm_eval --concurrency 20', '')
      .epilogue(
        'A worker takes the items of every run submitted with llm-eval evaluate --queue, and loads each run\'s task and --metric-file modules ' +
          'from its own disk (the absolute paths the run was submitted with) or, for a package name, from the packages installed where it runs. ' +
          'A run whose task it cannot load is stored as failed with the reason. The database must be the PostgreSQL database the runs were submitted to. ' +
          'SIGINT/SIGTERM: finish or hand back the items in flight, then exit 0; a second signal exits at once. ' +
          'Exit 1 when the Redis has no database of the URL\'s number (at start, or once a Redis that was down answers); ' +
          'exit 2 for a usage error, a malformed LLM_EVAL_HEARTBEAT_TIMEOUT among them. Task output goes to stderr.',
      ),
  handler: handle<Args>(async (argv) => {
    keepRunningWithoutOutput();
    const database = distributedDatabase(argv, 'llm-eval worker');
    const { connection, redacted } = resolveQueue(argv, true);
    // Tasks' console output goes to stderr: stdout carries only the worker's own lines (JSON lines with --json).
    redirectForeignStdout();
    silenceStorageWarnings();
    const log = (event: WorkerEvent) => {
      if (argv.json) print(JSON.stringify({ event: event.type, runId: event.runId ?? null, message: event.message, at: new Date().toISOString() }));
      else note(`${stamp()} ${event.type}${event.runId ? ` ${event.runId}` : ''}: ${event.message}`);
    };
    const stopped = firstStopSignal();
    const worker = await queue().startWorker({
      queue: connection,
      databaseUrl: database.databaseUrl,
      databaseUrlSource: database.databaseUrlSource,
      concurrency: argv.concurrency,
      loadTimeoutMs: argv.loadTimeout,
      watchdogMs: argv.watchdog,
      name: argv.name,
      loadTask: (reference) => loadTask(reference),
      loadMetricFiles: async (files) => {
        await registerMetricFiles(files);
      },
      onEvent: log,
    });
    if (argv.json) print(JSON.stringify({ event: 'ready', name: worker.name, queue: redacted, database: database.redacted, concurrency: argv.concurrency }));
    else print(`Worker ${worker.name} is waiting for items on ${redacted} (database ${database.redacted})`);
    // A worker stops by itself only when its Redis refuses the URL's database number (after a late start or a restart).
    const signal = await Promise.race([stopped, worker.stopped.then((error) => Promise.reject(error ?? new Error(`worker ${worker.name} stopped`)))]);
    note(`${stamp()} ${signal}: closing: finishing or handing back the items in flight (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit now)`);
    await worker.close(); // the worker reports its own 'stopped' event
    // A task module may hold timers or sockets of its own: the worker is done, so leave without waiting for them.
    await flushOutput();
    process.exit(0);
  }),
};
