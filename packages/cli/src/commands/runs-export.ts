import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { resolveRun, withExistingDatabase } from '../database';
import { handle } from '../handle';
import { note, printJson } from '../output/print';
import { shortId } from '../output/format';
import { EXPORT_FORMATS, type ExportFormat } from '../output/run-export';
import { removeOnExit } from '../output/remove-on-exit';
import { openFileDestination, stdoutDestination } from '../output/export-destination';
import { evaluator } from '../libraries';
import { checkOutputFile } from '../output-file';
import { onSameDatabase } from '../same-database';

interface Args extends GlobalOptions {
  run: string;
  format?: ExportFormat;
  output?: string;
}

/** `llm-eval runs export <run>` */
export const runsExportCommand: CommandModule<GlobalOptions, Args> = {
  command: 'export <run>',
  describe: 'Export a stored run as JSON (the Python LLM-Eval format, importable again), JSONL or CSV',
  builder: (y) =>
    y
      .positional('run', { type: 'string', demandOption: true, describe: 'Run id, unique id prefix, exact run name, latest or latest~N' })
      .option('format', { type: 'string', choices: EXPORT_FORMATS, describe: 'json | jsonl | csv (default: from -o, else json)' })
      .option('output', { alias: 'o', type: 'string', describe: 'Write to this file (default: stdout)' })
      .example('$0 runs export latest -o run.json', 'a file that imports back into any llm-eval database')
      .example('$0 runs export 3f2a9c --format csv > items.csv', '')
      .epilogue(
        'JSON: dataset_name, run_name, …, metric_stats, results, errors and the lossless llm_eval block. JSONL: a "run" line, ' +
          'then one "item" line per item. CSV: id, success, input, expected, output, error, response_time, tokens_used, ' +
          'cost, score:<metric>… (text cells starting with = + - @, a tab or a carriage return get a leading \' so spreadsheets ' +
          'do not run them as formulas). With -o and --json, prints { runId, file, format, items }.',
      ),
  handler: handle<Args>(async (argv) => {
    // Like EvaluationResult.save: an explicit format wins, else the file's extension, else JSON.
    const format = evaluator().exportFormatOf(argv.output, argv.format);
    if (argv.output !== undefined) checkOutputFile(argv.output, 'runs export', { formatGiven: argv.format !== undefined, database: argv });
    const { run, items } = await withExistingDatabase(argv, async (db) => {
      const run = await db.runs.requireRun(await resolveRun(db, argv.run));
      // Read before the output is opened: a run that cannot be read leaves no file behind.
      const { EXPORT_PAGE_SIZE, RunExportChunks } = evaluator();
      const firstPage = await db.runs.listItems(run.id, { limit: EXPORT_PAGE_SIZE });
      if (run.status === 'running') note(`Run ${run.name} is still running; its export records it as cancelled.`);
      // Shown as abandoned by `runs show`: its writer is gone, so it will never finish by itself.
      if (run.status === 'abandoned') {
        note(
          `Run ${run.name} was abandoned (its writer stopped without finishing it); its export records it as cancelled. ` +
            `To export it as failed with its totals, settle it first: ${onSameDatabase(`runs recover ${shortId(run.id)}`)}`,
        );
      }
      // Page by page, so memory stays flat whatever the size of the run (a 200,000-item export held ~1 GB before).
      // The JSON export's spool files go also when the process ends midway (`| head`, Ctrl-C).
      const stream = new RunExportChunks(format, { runs: db.runs, run, firstPage }, { onSpoolDirectory: removeOnExit });
      const destination = argv.output ? openFileDestination(argv.output) : stdoutDestination();
      try {
        for await (const chunk of stream.chunks()) await destination.write(chunk);
        await destination.commit();
      } catch (error) {
        destination.abort();
        throw error;
      }
      return { run, items: stream.items };
    });
    if (!argv.output) return;
    if (argv.json) printJson({ runId: run.id, file: argv.output, format, items });
    note(`Exported ${items} ${items === 1 ? 'item' : 'items'} to ${argv.output}`);
  }),
};
