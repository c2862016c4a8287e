import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { checkDatabaseUrl, databaseOptions, evaluatorDatabaseOptions, inMemoryDatabaseMessage, inMemoryDatabaseUrl } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { colors } from '../output/color';
import { itemCountsLine } from '../output/compare-rows';
import { metricTableLines } from '../output/compare-metric-table';
import { percent, shortId } from '../output/format';
import { note, print, printJson } from '../output/print';
import { printResultSummary, resultJson } from '../output/result-summary';
import { FailureTally } from '../output/failure-tally';
import { runHead, runRow, statusColor } from '../output/run-rows';
import { useTimeZone } from '../time-zone';
import { runJson } from '../output/run-json';
import { renderTable } from '../output/table';
import { evaluator, search, storage } from '../libraries';
import { currentUser } from '../current-user';
import { checkRunDetailOptions } from '../run-detail-options';
import { runDetailsUsageError } from '../run-details-usage-error';
import { cliAudit } from '../access/cli-actor';
import { onSameDatabase } from '../same-database';

interface Args extends GlobalOptions {
  offline?: boolean;
  createdBy?: string;
}

/** Where the bundled example dataset and tasks live (packages/cli/examples, shipped with the package). */
function examplesDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');
}

/** `llm-eval demo` */
export const demoCommand: CommandModule<GlobalOptions, Args> = {
  command: 'demo',
  describe: 'Evaluate two versions of the bundled example task, store both runs, list and compare them',
  builder: (y) =>
    y
      .option('offline', { type: 'boolean', describe: 'Use the bundled tasks even when OPENAI_BASE_URL/OPENAI_API_KEY are set' })
      // As evaluate's: the same words and checks.
      .option('created-by', { type: 'string', describe: 'Who ran it (default: $USER, else the OS account)' })
      .example('$0 demo', 'no API key needed')
      .example('OPENAI_API_KEY=… $0 demo', 'evaluate a real model (OPENAI_MODEL, default gpt-4o-mini) with two prompts'),
  handler: handle<Args>(async (argv) => {
    checkRunDetailOptions(argv);
    checkDatabaseUrl(argv);
    // Each run and the comparison open the database anew: in memory, each would find it empty. The demo stores its
    // runs itself, so the message says they would be gone, not that other commands' runs are missing.
    const memory = inMemoryDatabaseUrl(argv);
    if (memory !== undefined) throw new CliError(`${inMemoryDatabaseMessage(memory, 'write')}.`, 2);
    const { Evaluator, openAIChatTask } = evaluator();
    const dir = examplesDir();
    const dataset = path.join(dir, 'capitals.jsonl');
    const real = !argv.offline && !!(process.env.OPENAI_BASE_URL || process.env.OPENAI_API_KEY);
    const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';
    const versions = real
      ? [
          { name: 'demo-baseline', model, task: openAIChatTask({ model, prompt: 'What is the capital of {country}?' }) },
          { name: 'demo-improved', model, task: openAIChatTask({ model, prompt: 'What is the capital of {country}? Answer with the city name only.' }) },
        ]
      : [
          { name: 'demo-baseline', model: 'bundled-v1', task: (await import(path.join(dir, 'task-v1.mjs'))).default },
          { name: 'demo-improved', model: 'bundled-v2', task: (await import(path.join(dir, 'task-v2.mjs'))).default },
        ];
    if (!argv.json) note(real ? `Evaluating ${model} at ${process.env.OPENAI_BASE_URL ?? 'api.openai.com'} with two prompts` : 'Evaluating the bundled example tasks (no API key needed)');
    const ids: string[] = [];
    const summaries: ReturnType<typeof resultJson>[] = [];
    let everyItemFailed = false;
    for (const v of versions) {
      const failures = new FailureTally();
      const evaluation = new Evaluator({
        task: v.task,
        dataset,
        metrics: ['exact_match', 'contains', 'fuzzy_match'],
        // Audited as run.created by cli:<os user>, and created by the user, as an evaluate run is.
        config: {
          audit: cliAudit(),
          ...evaluatorDatabaseOptions(argv),
          projectId: 'demo',
          tags: ['demo'],
          runName: v.name,
          modelName: v.model,
          createdBy: argv.createdBy ?? currentUser(),
          maxConcurrency: 8,
        },
      });
      // A --created-by the database refuses is found when the first run is created, before any item ran.
      const result = await evaluation
        .run({ onProgress: (event) => event.type === 'item' && failures.add(event.item) })
        .catch((error: unknown) => {
          throw runDetailsUsageError(error);
        });
      if (result.storageError) throw result.storageError;
      ids.push(result.runId!);
      summaries.push(resultJson(result, null, failures));
      // A real model behind a wrong key or URL fails every item: say why, and exit 1 once the demo has been shown.
      if (result.totalItems > 0 && result.successfulItems === 0) everyItemFailed = true;
      if (!argv.json) {
        print('');
        printResultSummary(result, colors(argv.color).isColorSupported, failures);
      }
    }
    const exitCode = everyItemFailed ? 1 : 0;
    const { initializeDatabase } = storage();
    const { RunSearchEngine } = search();
    const db = await initializeDatabase(databaseOptions(argv));
    try {
      const page = await db.runs.listRuns({ projectId: 'demo', limit: 5 });
      const comparison = await new RunSearchEngine(db).compareRuns(ids[0]!, ids[1]!);
      if (argv.json) {
        printJson({ runIds: ids, results: summaries, runs: page.runs.map(runJson), comparison });
        if (everyItemFailed) note('FAIL: every item of a demo run failed');
        return exitCode;
      }
      const c = colors(argv.color);
      print('\nRecent demo runs');
      const zone = useTimeZone(undefined, { needed: false });
      print(renderTable(runHead(zone), page.runs.map((r) => runRow(r, statusColor(c), zone))));
      print(`\nComparison: ${comparison.runA.name} → ${comparison.runB.name}`);
      metricTableLines(comparison, c).forEach((line) => print(line));
      print(`Items: ${itemCountsLine(comparison)}; success ${percent(comparison.summary.successRate.a)} → ${percent(comparison.summary.successRate.b)}`);
      print(`\nNext: ${onSameDatabase(`runs show ${shortId(ids[1]!)}`)} · ${onSameDatabase(`runs compare ${shortId(ids[0]!)} ${shortId(ids[1]!)}`)} · ${onSameDatabase('runs search "demo runs from today"')}`);
      if (everyItemFailed) note('FAIL: every item of a demo run failed (see its errors above)');
      return exitCode;
    } finally {
      await db.close();
    }
  }),
};
