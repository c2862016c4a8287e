import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { CliError } from '../errors';
import { handle } from '../handle';
import { colors } from '../output/color';
import { loadTask } from '../load-task';
import { note, printJson } from '../output/print';
import { progressReporter } from '../output/progress';
import { printResultSummary, resultJson } from '../output/result-summary';
import { evaluator } from '../libraries';

interface Args extends GlobalOptions {
  task: string;
  dataset: string;
  metrics: string;
  concurrency: number;
  timeout: number;
  retries: number;
  rps?: number;
  name?: string;
  project?: string;
  model?: string;
  tag?: string[];
  createdBy?: string;
  store: boolean;
  output?: string;
  failUnder?: number;
  failMetric?: string;
}

/** `llm-eval evaluate` */
export const evaluateCommand: CommandModule<GlobalOptions, Args> = {
  command: 'evaluate',
  describe: 'Run a task over a dataset, score it with metrics and store the run',
  builder: (y) =>
    y
      .option('task', { type: 'string', demandOption: true, describe: 'Task module: ./task.mjs[#exportName] (.js, .mjs, .cjs, .ts)' })
      .option('dataset', { type: 'string', demandOption: true, describe: 'Dataset file: .jsonl, .json or .csv' })
      .option('metrics', { type: 'string', default: 'exact_match', describe: 'Comma-separated metric names' })
      .option('concurrency', { type: 'number', default: 10, describe: 'Items in flight at once' })
      .option('timeout', { type: 'number', default: 30_000, describe: 'Per-item timeout in ms' })
      .option('retries', { type: 'number', default: 0, describe: 'Retries of retryable errors' })
      .option('rps', { type: 'number', describe: 'Most task starts per second' })
      .option('name', { type: 'string', describe: 'Run name (default: dataset and time)' })
      .option('project', { type: 'string', describe: 'Project id (created on first use)' })
      .option('model', { type: 'string', describe: 'Model name to record' })
      .option('tag', { type: 'string', array: true, describe: 'Tag (repeatable)' })
      .option('created-by', { type: 'string', describe: 'Who ran it (default: $USER)' })
      .option('store', { type: 'boolean', default: true, describe: 'Store the run (--no-store to skip the database)' })
      .option('output', { alias: 'o', type: 'string', describe: 'Also write the result: .json (Python LLM-Eval format), .jsonl or .csv' })
      .option('fail-under', { type: 'number', describe: 'Exit 1 when the score is below this (CI gate)' })
      .option('fail-metric', { type: 'string', describe: 'Metric --fail-under checks (default: success rate)' })
      .example('$0 evaluate --task ./task.mjs --dataset ./qa.jsonl --metrics exact_match,fuzzy_match', '')
      .example('$0 evaluate --task ./task.ts#answer --dataset qa.csv --no-store -o result.json --fail-under 0.8', ''),
  handler: handle<Args>(async (argv) => {
    const metrics = argv.metrics.split(',').map((m) => m.trim()).filter(Boolean);
    if (argv.failMetric && !metrics.includes(argv.failMetric)) {
      throw new CliError(`--fail-metric ${argv.failMetric} is not one of --metrics (${metrics.join(', ')}).`, 2);
    }
    const task = await loadTask(argv.task);
    const { Evaluator } = evaluator();
    const progress = await progressReporter(!argv.json);
    const controller = new AbortController();
    const onSignal = () => {
      note('\ncancelling: finishing the items in flight and storing the run as cancelled (Ctrl-C again to quit)');
      process.off('SIGINT', onSignal);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    let result;
    try {
      result = await new Evaluator({
        task: task as never,
        dataset: argv.dataset,
        metrics,
        config: {
          storeRuns: argv.store,
          databaseUrl: argv.databaseUrl,
          projectId: argv.project,
          modelName: argv.model,
          tags: argv.tag,
          runName: argv.name,
          createdBy: argv.createdBy ?? process.env.USER,
          maxConcurrency: argv.concurrency,
          timeoutMs: argv.timeout,
          retries: argv.retries,
          requestsPerSecond: argv.rps,
          onProgress: progress.listener,
        },
      }).run({ signal: controller.signal });
    } finally {
      progress.stop();
      process.off('SIGINT', onSignal);
    }
    if (argv.output) {
      await result.save(argv.output);
      note(`Wrote ${argv.output}`);
    }
    if (argv.json) printJson(resultJson(result));
    else printResultSummary(result, colors(argv.color).isColorSupported);
    if (argv.failUnder !== undefined) {
      const score = argv.failMetric ? result.metricStats[argv.failMetric]?.mean ?? 0 : result.successRate;
      if (score < argv.failUnder) {
        note(`FAIL: ${argv.failMetric ?? 'success rate'} ${score.toFixed(3)} is below --fail-under ${argv.failUnder}`);
        return 1;
      }
    }
    return result.status === 'cancelled' ? 1 : 0;
  }),
};
