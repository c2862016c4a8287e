import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { cancelOnSignals, signalExitCode } from '../cancel-on-signals';
import { cliAudit } from '../access/cli-actor';
import { currentUser } from '../current-user';
import { checkDatabaseUrl, evaluatorDatabaseOptions, inMemoryDatabaseUrl } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { MAX_TIMER_MS, numeric } from '../numeric-option';
import { checkSuccessRate, thresholdOption } from '../success-rate-option';
import { colors } from '../output/color';
import { loadTask, taskReference } from '../load-task';
import { registerMetricFiles } from '../load-metrics';
import { keepRunningWithoutOutput, note, printJson, redirectForeignStdout } from '../output/print';
import { terminalField } from '../output/terminal-text';
import { progressReporter } from '../output/progress';
import { printResultSummary, resultJson } from '../output/result-summary';
import { valuesCutLine } from '../output/values-cut-line';
import { FailureTally } from '../output/failure-tally';
import { evaluator } from '../libraries';
import { checkMetricNames } from '../check-metric-names';
import { describeStorageFailure, handleStorageFailure, silenceStorageWarnings } from '../storage-failure';
import { queueRequested, withQueueOptions, type QueueArgs } from '../queue-connection';
import { evaluateOnQueue } from './evaluate-distributed';
import { checkOutputFile } from '../output-file';
import { checkDatasetFile } from '../check-dataset-file';
import { failEarlyExit } from '../exit-during-run';
import { watchForCrashes } from '../crash-during-run';
import { saveFinishedItemsNow } from '../save-on-exit';
import { checkRunDetailOptions } from '../run-detail-options';
import { runDetailsUsageError } from '../run-details-usage-error';

export interface EvaluateArgs extends GlobalOptions, QueueArgs {
  task: string;
  dataset: string;
  metrics: string;
  metricFile?: string[];
  concurrency?: number;
  timeout: number;
  metricTimeout?: number;
  retries: number;
  rps?: number;
  maxValueChars?: number;
  name?: string;
  project?: string;
  model?: string;
  tag?: string[];
  createdBy?: string;
  store: boolean;
  keepItems?: boolean;
  output?: string;
  failUnder?: number;
  failMetric?: string;
  detach?: boolean;
}

/** `llm-eval evaluate` */
export const evaluateCommand: CommandModule<GlobalOptions, EvaluateArgs> = {
  command: 'evaluate',
  describe: 'Run a task over a dataset, score it with metrics and store the run',
  builder: (y) =>
    withQueueOptions(y, 'Run on workers: enqueue the items on this Redis (redis://[:password@]host:6379) for llm-eval worker processes; needs a PostgreSQL database')
      .option('task', { type: 'string', demandOption: true, describe: 'Task module: ./task.mjs[#exportName] (.js, .mjs, .cjs, .ts)' })
      .option('dataset', { type: 'string', demandOption: true, describe: 'Dataset file: .jsonl, .json or .csv' })
      .option('metrics', { type: 'string', default: 'exact_match', requiresArg: true, describe: 'Comma-separated metric names (built-in or from --metric-file)' })
      .option('metric-file', { type: 'string', array: true, describe: 'Module whose exported metric functions (or { name, fn } objects) become metrics by their export names (repeatable; .js, .mjs, .cjs, .ts)' })
      .option('concurrency', { ...numeric('--concurrency', { integer: true, min: 1, max: 1_000_000 }), describe: 'Items in flight at once (1–1,000,000; default 10). With --queue each worker sets its own: llm-eval worker --concurrency' })
      .option('timeout', { ...numeric('--timeout', { integer: true, min: 1, max: MAX_TIMER_MS, unit: 'milliseconds' }), default: 30_000, describe: 'Per-item timeout in ms (1–2,147,483,647)' })
      .option('metric-timeout', { ...numeric('--metric-timeout', { integer: true, min: 1, max: MAX_TIMER_MS, unit: 'milliseconds' }), describe: 'Longest wait for one metric on one item in ms; past it that metric records a timeout error and the run goes on (default: --timeout)' })
      .option('retries', { ...numeric('--retries', { integer: true, min: 0, max: 100 }), default: 0, describe: 'Retries of retryable errors (0–100)' })
      .option('rps', { ...numeric('--rps', { min: 0.000001, max: 1_000_000 }), describe: 'Most task starts per second (0.000001 to 1,000,000); with --queue one limit shared by every worker' })
      .option('max-value-chars', {
        ...numeric('--max-value-chars', { integer: true, min: 100, max: MAX_VALUE_CHARS }),
        describe: 'About how many characters of JSON one recorded value (input, expected, metadata, output, error, reason) may take; longer ones are stored cut, with a marker, and evaluate warns (100–1,000,000,000; default 10,000,000)',
      })
      .option('name', { type: 'string', describe: 'Run name (default: dataset and time)' })
      .option('project', { type: 'string', describe: 'Project id (created on first use)' })
      .option('model', { type: 'string', describe: 'Model name to record' })
      .option('tag', { type: 'string', array: true, describe: 'Tag (repeatable)' })
      .option('created-by', { type: 'string', describe: 'Who ran it (default: $USER, else the OS account)' })
      .option('store', { type: 'boolean', default: true, describe: 'Store the run (--no-store to skip the database)' })
      .option('keep-items', {
        type: 'boolean',
        describe:
          'Keep every item result in memory until the end (default for --no-store and -o). A stored run keeps none by default: memory stays flat (a million items of a trivial task peaked at 308–329 MB) and the finished items wait in a temporary file, deleted at the end, that becomes ./llm-eval-unsaved-<run>.json if storing fails',
      })
      .option('output', { alias: 'o', type: 'string', describe: 'Also write the result: .json (Python LLM-Eval format), .jsonl or .csv' })
      .option('fail-under', { ...thresholdOption('--fail-under'), describe: 'Exit 1 when the score is below this (CI gate): the success rate as a fraction 0–1 (0.8) or a percent (80%); with --fail-metric that metric\'s mean' })
      .option('fail-metric', { type: 'string', describe: 'Metric --fail-under checks (default: success rate)' })
      .example('$0 evaluate --task ./task.mjs --dataset ./qa.jsonl --metrics exact_match,fuzzy_match', '')
      .example('$0 evaluate --task ./task.ts#answer --dataset qa.csv --no-store -o result.json --fail-under 0.8', '')
      .option('detach', { type: 'boolean', describe: 'With --queue: enqueue every item at once (no backpressure: they all wait in Redis), print the run id and return instead of waiting for the workers' })
      .example('$0 evaluate --task ./task.mjs --dataset qa.jsonl --metric-file ./metrics.mjs --metrics exact_match,lengthOk', '')
      // No description: yargs sets descriptions in a column, which an example this long pushes into its middle.
      .example('$0 evaluate --task ./task.mjs --dataset qa.jsonl --queue redis://redis:6379 --database-url postgresql://…/llm_eval --rps 50', '')
      .epilogue(
        'Exit codes: 0 done (some items may have failed); 1 every item failed, storing the run failed or --fail-under was not met (a storage failure writes the whole result to ./llm-eval-unsaved-<run>.json for llm-eval db migrate); ' +
          '2 usage error; 129/130/143 cancelled by SIGHUP/SIGINT/SIGTERM (the run is stored as cancelled). A task\'s console output goes to stderr. ' +
          'With --queue (or LLM_EVAL_QUEUE_URL) the items run on llm-eval worker processes: the task and --metric-file paths are made absolute and each worker loads them from its own disk (a package name from its own node_modules); the run is stored in the PostgreSQL database every worker uses.',
      ),
  // handle() checks the environment before anything runs (storage reads it only after the run row exists); --no-store
  // opens no database and reads none of it.
  handler: handle<EvaluateArgs>(async (argv) => {
    keepRunningWithoutOutput();
    const metrics = argv.metrics.split(',').map((m) => m.trim()).filter(Boolean);
    // `--metrics ""` (an unset shell variable) must not silently score nothing, nor fall back to exact_match.
    if (metrics.length === 0) throw new CliError(`--metrics names no metric; give at least one, e.g. --metrics exact_match,fuzzy_match.`, 2);
    if (argv.failMetric && !metrics.includes(argv.failMetric)) {
      throw new CliError(`--fail-metric ${argv.failMetric} is not one of --metrics (${metrics.join(', ')}).`, 2);
    }
    // The success rate is a fraction: a threshold outside 0–1 would make the gate always pass or always fail. A
    // metric's mean has its metric's own scale (response_time is in seconds), so any finite number goes there.
    if (argv.failUnder !== undefined && !argv.failMetric) checkSuccessRate('--fail-under', argv.failUnder, '--fail-under (checking the success rate)');
    checkDatasetFile(argv.dataset);
    checkRunDetailOptions(argv);
    if (queueRequested(argv)) return evaluateOnQueue(argv, metrics);
    if (argv.detach) throw new CliError('--detach needs --queue: only a run on workers goes on without this process.', 2);
    if (argv.store) checkDatabaseUrl(argv);
    if (argv.output !== undefined) checkOutputFile(argv.output, 'evaluate', { dataset: argv.dataset, ...(argv.store ? { database: argv } : {}) });
    // From here on user code runs: whatever it writes to stdout goes to stderr, so stdout holds only our output.
    redirectForeignStdout();
    let runId: string | undefined;
    // Set once the run is under way: what a process.exit() in task code must save of it (see save-on-exit.ts).
    let saveFinished: (() => string | undefined) | undefined;
    const stopFailingEarlyExit = failEarlyExit(() => runId, () => saveFinished?.());
    silenceStorageWarnings();
    await registerMetricFiles(argv.metricFile ?? []);
    checkMetricNames(metrics);
    const task = await loadTask(taskReference(argv.task));
    const { Evaluator, ItemSpill } = evaluator();
    const progress = await progressReporter(!argv.json);
    const cancellation = cancelOnSignals();
    const crashes = watchForCrashes(!!argv.verbose);
    let keepItems = argv.keepItems === true || !!argv.output || !argv.store;
    let spill: ReturnType<typeof ItemSpill.create> | undefined;
    if (!keepItems) {
      try {
        spill = ItemSpill.create();
      } catch {
        // No writable temp dir: keep the items in memory instead, so a storage failure still loses none.
        keepItems = true;
      }
    }
    const failures = new FailureTally();
    const onProgress: typeof progress.listener = (event) => {
      if (event.type === 'started') runId = event.runId;
      else if (event.type === 'item') {
        spill?.add(event.item);
        failures.add(event.item);
      } else if (event.type === 'warning') note(`llm-eval: warning: ${terminalField(event.warning.message)}`);
      progress.listener(event);
    };
    let result;
    let storageFailure;
    try {
      try {
        const run = new Evaluator({
          task: task as never,
          dataset: argv.dataset,
          metrics,
          config: {
            storeRuns: argv.store,
            // A stored run keeps no items in memory unless asked (--keep-items) or -o needs them: they wait in a
            // temporary file instead, which becomes ./llm-eval-unsaved-<run>.json for db migrate if storing fails.
            keepItems,
            // The run's audit entry (run.created, as cli:<os user>) is written in the transaction that creates it.
            audit: cliAudit(),
            ...evaluatorDatabaseOptions(argv),
            projectId: argv.project,
            modelName: argv.model,
            tags: argv.tag,
            runName: argv.name,
            createdBy: argv.createdBy ?? currentUser(),
            maxConcurrency: argv.concurrency ?? 10,
            timeoutMs: argv.timeout,
            metricTimeoutMs: argv.metricTimeout,
            retries: argv.retries,
            requestsPerSecond: argv.rps,
            maxValueChars: argv.maxValueChars,
            onProgress,
          },
        });
        // With --no-store and no -o the items were never to be kept: a process.exit() then loses nothing asked for.
        if (argv.store || argv.output) saveFinished = () => saveFinishedItemsNow(run.partialResult(), spill);
        result = await run.run({ signal: cancellation.signal, failSignal: crashes.failSignal });
      } catch (error) {
        throw runDetailsUsageError(error);
      } finally {
        progress.stop();
        cancellation.dispose();
        crashes.dispose();
        stopFailingEarlyExit();
      }
      if (argv.output) {
        await result.save(argv.output);
        note(`Wrote ${argv.output}`);
      }
      storageFailure = result.storageError ? await handleStorageFailure(result, { spill }) : null;
    } finally {
      // The items wait on disk only until the run is stored (or saved to the fallback file).
      spill?.discard();
    }
    // valuesCut: values recorded cut (past --max-value-chars), 0 when none was; the same field with --queue.
    if (argv.json) printJson({ ...resultJson(result, storageFailure, failures), valuesCut: result.valuesCut ?? 0 });
    else printResultSummary(result, colors(argv.color).isColorSupported, failures, inMemoryDatabaseUrl(argv));
    const cut = valuesCutLine(result.valuesCut, argv.maxValueChars, result.valuesCutDeep ?? 0);
    if (cut) note(cut);
    if (storageFailure) describeStorageFailure(storageFailure).forEach((line, i) => note(i === 0 ? `llm-eval: ${line}` : `  ${line}`));
    // Another process cancelled (runs cancel, the API) or settled (runs recover --force) the stored run: say so.
    if (result.closedElsewhere) note(`llm-eval: ${result.closedElsewhere.message} ${result.storedItems ?? 0} items stored.`);
    // Ctrl-C while the dataset was being checked: the evaluator started no run, so there is nothing to look at.
    if (result.status === 'cancelled' && result.totalItems === 0 && result.runId === undefined && argv.store) {
      note('llm-eval: cancelled before any item ran; no run was stored.');
    }
    let failed = false;
    if (argv.failUnder !== undefined) {
      const score = argv.failMetric ? result.metricStats[argv.failMetric]?.mean ?? 0 : result.successRate;
      if (score < argv.failUnder) {
        note(`FAIL: ${argv.failMetric ?? 'success rate'} ${score.toFixed(3)} is below --fail-under ${argv.failUnder}`);
        failed = true;
      }
    }
    // Some failed items are a result (exit 0); none that succeeded is a broken task, key or endpoint, which a CI job
    // must not take for a score of 0.
    if (result.totalItems > 0 && result.successfulItems === 0) {
      note(`FAIL: every item failed (${result.totalItems} of ${result.totalItems})`);
      failed = true;
    }
    const signal = cancellation.received();
    if (signal) return signalExitCode(signal);
    const uncaught = crashes.uncaught();
    if (uncaught) {
      note(`llm-eval: the run stopped: ${uncaught}`);
      return 1;
    }
    return failed || storageFailure || result.status !== 'completed' ? 1 : 0;
  }, { opensDatabase: (argv) => argv.store }),
};

/** Longest --max-value-chars: past V8's longest string (about 536 million characters), no value needs more. */
const MAX_VALUE_CHARS = 1_000_000_000;

