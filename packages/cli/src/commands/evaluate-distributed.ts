import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ArgumentsCamelCase } from 'yargs';
import type { DistributedProgress, DistributedRun } from '@llm-eval/queue';
import type { EvaluateArgs } from './evaluate';
import { cancelOnSignals, signalExitCode } from '../cancel-on-signals';
import { cliAudit } from '../access/cli-actor';
import { currentUser } from '../current-user';
import { withDatabase } from '../database';
import { distributedDatabase } from '../distributed-database';
import { CliError } from '../errors';
import { queue } from '../libraries';
import { registerMetricFiles } from '../load-metrics';
import { absoluteModuleReference } from '../load-module';
import { taskReference } from '../load-task';
import { shortId } from '../output/format';
import { note, print, printJson, redirectForeignStdout } from '../output/print';
import { terminalField } from '../output/terminal-text';
import { distributedProgressReporter } from '../output/progress';
import { failureLines } from '../output/result-summary';
import { queuedResultJson } from '../output/queued-result-json';
import { valuesCutLine } from '../output/values-cut-line';
import { loadRunDetails, printRunDetails } from '../output/run-details';
import { useTimeZone } from '../time-zone';
import { readStoredFailures } from '../output/stored-failures';
import { resolveQueue } from '../queue-connection';
import { sameQueueFlags } from '../same-queue';
import { silenceStorageWarnings } from '../storage-failure';
import { checkMetricNames } from '../check-metric-names';
import { isRunGone, runDeletedWhileRunning } from '../run-deleted-while-running';
import { onSameDatabase } from '../same-database';

/** Options of a local evaluation that make no sense for a run on workers, and what to do instead. */
function refuseLocalOnlyOptions(argv: ArgumentsCamelCase<EvaluateArgs>): void {
  if (argv.concurrency !== undefined) {
    throw new CliError('--concurrency is set per worker with --queue: start the workers with llm-eval worker --concurrency N (--rps limits the whole run).', 2);
  }
  if (!argv.store) throw new CliError('--no-store cannot be used with --queue: a run on workers lives in the database its workers store the items in.', 2);
  if (argv.output) {
    throw new CliError('-o/--output cannot be used with --queue: the run lives in the database; export it once it is done with llm-eval runs export <run> -o <file>.', 2);
  }
  if (argv.detach && argv.failUnder !== undefined) {
    throw new CliError('--fail-under needs the end of the run, which --detach does not wait for: drop --detach (or check later with llm-eval runs show <run> --json).', 2);
  }
}

/** The score --fail-under checks, from the stored run: its success rate, or the mean of --fail-metric. */
function gateScore(run: { successRate: number | null; metrics: Array<{ metricName: string; mean: number | null }> }, metric: string | undefined): number {
  if (!metric) return run.successRate ?? 0;
  return run.metrics.find((m) => m.metricName === metric)?.mean ?? 0;
}

/**
 * `llm-eval evaluate --queue`: stores the run in the shared PostgreSQL database, enqueues its items for
 * `llm-eval worker` processes, shows progress until the run is finalised and prints the stored run (or, with
 * --detach, returns once everything is enqueued). A signal while waiting cancels the run on every worker.
 */
export async function evaluateOnQueue(argv: ArgumentsCamelCase<EvaluateArgs>, metrics: string[]): Promise<number> {
  refuseLocalOnlyOptions(argv);
  // Both checked before anything connects or is enqueued: a SQLite database, a malformed URL are usage errors.
  const database = distributedDatabase(argv, 'evaluate --queue');
  const resolvedQueue = resolveQueue(argv, true);
  const { connection, redacted } = resolvedQueue;
  redirectForeignStdout();
  silenceStorageWarnings();
  // Each worker loads these itself; loading them here first checks --metrics before a run is created.
  const metricFiles = (argv.metricFile ?? []).map(absoluteModuleReference);
  await registerMetricFiles(metricFiles);
  checkMetricNames(metrics);
  if (!argv.json) note(`Submitting to the workers on ${redacted} (database ${database.redacted})`);
  const progress = await distributedProgressReporter(!argv.json && !argv.detach);
  const cancellation = cancelOnSignals();
  let run: DistributedRun | undefined;
  let final: DistributedProgress | undefined;
  let items: number | undefined;
  let saidElsewhere = false;
  const submittedAt = new Date();
  const task = taskReference(argv.task);
  // Workers load the task from their own disks, so a path missing here is not refused, but most likely a typo.
  if (path.isAbsolute(task.module) && !existsSync(task.module)) {
    note(`warning: --task ${task.module} does not exist on this machine: every worker must have it at that path, or the run fails`);
  }
  try {
    run = await queue().submitRun({
      queue: connection,
      databaseUrl: database.databaseUrl,
      databaseUrlSource: database.databaseUrlSource,
      task,
      metrics,
      metricFiles,
      dataset: argv.dataset,
      config: { timeoutMs: argv.timeout, metricTimeoutMs: argv.metricTimeout, retries: argv.retries, requestsPerSecond: argv.rps, maxValueChars: argv.maxValueChars },
      run: { name: argv.name, projectId: argv.project, modelName: argv.model, tags: argv.tag, createdBy: argv.createdBy ?? currentUser() },
      // The run's audit entry (run.created, as cli:<os user>) is written in the transaction that creates it.
      audit: cliAudit(),
      // A detached submitter is not there to feed the queue as workers free room: it enqueues every item at once.
      ...(argv.detach ? { maxQueuedItems: Number.MAX_SAFE_INTEGER } : {}),
      signal: cancellation.signal,
      onProgress: (p) => {
        // A worker on another database leaves the items to others: said once, on stderr (the items wait meanwhile).
        if (p.elsewhere && !saidElsewhere) {
          saidElsewhere = true;
          note(`llm-eval: warning: ${p.elsewhere}`);
        }
        progress.listener(p);
      },
      // Before the run is created, as a local evaluate prints them (with --json too: stderr, never stdout).
      onWarning: (warning) => note(`llm-eval: warning: ${terminalField(warning.message)}`),
      // An item nested deeper than storage keeps is cut to that depth before it is enqueued: said as a local run says it.
      onValueCut: (warning) => note(`llm-eval: warning: ${terminalField(warning.message)}`),
      // The queue's Redis went away mid-run (the run waits for it): stderr, never stdout, at most every 30 s.
      onRedisError: (message) => note(`llm-eval: warning: ${message}`),
      // No worker is connected (none started, or the task brought every one down): said once, the run still waits.
      onNoWorkers: (message) => note(`llm-eval: warning: ${message}`),
      // Redis lost the run (a restart without persistence, a FLUSHALL) and this submitter put it back: stderr, never stdout.
      onRestored: ({ requeued, alreadyStored }) =>
        note(
          `llm-eval: warning: the queue's Redis had lost run ${run ? shortId(run.runId) : 'being submitted'} (restarted without persistence?); ` +
            `enqueued ${requeued} items again (${alreadyStored} were already stored)`,
        ),
    });
    if (argv.detach) items = await run.enqueued;
    else final = await run.done();
  } catch (error) {
    // Ctrl-C before the run was queued (a Redis that does not answer): nothing runs, nothing to show.
    const received = cancellation.received();
    if (received && run === undefined && (error as Error)?.name === 'SubmitCancelledError') {
      note(`${received}: ${(error as Error).message}`);
      return signalExitCode(received);
    }
    // Deleted while it ran (runs delete --force, a forced API delete): say so, not "does not exist … find its id".
    if (run !== undefined && isRunGone(error, run.runId)) {
      const runId = run.runId;
      throw await withDatabase(argv, (db) => runDeletedWhileRunning(db, runId, submittedAt));
    }
    throw error;
  } finally {
    progress.stop();
    cancellation.dispose();
    await run?.close();
  }
  const submitted = run!;
  const signal = cancellation.received();
  if (argv.detach && items !== undefined && !signal) {
    if (argv.json) printJson({ runId: submitted.runId, items, status: 'running', detached: true, queue: redacted });
    else {
      print(`Run ${submitted.runId} is queued: ${items} items for the workers on ${redacted}.`);
      // Each command as it must be typed to reach the same database and queue (a password is never repeated).
      const onQueue = sameQueueFlags(argv, resolvedQueue);
      print(`Follow it with ${onSameDatabase(`runs show ${shortId(submitted.runId)}`)} or llm-eval queue status${onQueue}; cancel it with ${onSameDatabase(`runs cancel ${shortId(submitted.runId)}${onQueue}`)}`);
    }
    return 0;
  }
  return withDatabase(argv, async (db) => {
    // A run deleted while it ran is finalised as gone: its details are not there to show.
    const details = await loadRunDetails(db, submitted.runId, 5).catch(async (error: unknown) => {
      throw isRunGone(error, submitted.runId) ? await runDeletedWhileRunning(db, submitted.runId, submittedAt) : error;
    });
    // Why items failed, as the local evaluate says it: the errors of the failed items, read back from the database.
    const failures = await readStoredFailures(db, submitted.runId);
    if (argv.json) {
      printJson(queuedResultJson(details, failures, final?.valuesCut ?? 0));
    } else {
      await printRunDetails(db, details, argv.color, useTimeZone(undefined, { needed: false }));
      if (failures.tally.failed > 0) {
        print('');
        failureLines(failures.tally, { total: details.run.totalItems, failed: failures.failedItems, runId: submitted.runId }).forEach((line) => print(line));
      }
    }
    // The local run's closing line about values the workers recorded cut (each worker logged the first).
    const cut = valuesCutLine(final?.valuesCut, argv.maxValueChars);
    if (cut) note(cut);
    let failed = false;
    if (argv.failUnder !== undefined) {
      const score = gateScore(details.run, argv.failMetric);
      if (score < argv.failUnder) {
        note(`FAIL: ${argv.failMetric ?? 'success rate'} ${score.toFixed(3)} is below --fail-under ${argv.failUnder}`);
        failed = true;
      }
    }
    // As with a local run: some failed items are a result (exit 0); none that succeeded is a broken task, key or
    // endpoint, which a CI job must not take for a score of 0.
    const { totalItems, successfulItems } = details.run;
    if (totalItems > 0 && successfulItems === 0) {
      note(`FAIL: every item failed (${totalItems} of ${totalItems})`);
      failed = true;
    }
    if (signal) return signalExitCode(signal);
    return failed || (final?.status ?? details.run.status) !== 'completed' ? 1 : 0;
  });
}
