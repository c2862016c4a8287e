import type { CommandModule } from 'yargs';
import type { ItemRecord } from '@llm-eval/storage';
import type { GlobalOptions } from '../global-options';
import { resolveRun, withExistingDatabase } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { note, printJson } from '../output/print';
import { EXPORT_FORMATS, formatRunExport, type ExportFormat } from '../output/run-export';
import { evaluator } from '../libraries';
import { checkEnvironment } from '../check-environment';
import { checkOutputFile } from '../output-file';

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
      .positional('run', { type: 'string', demandOption: true, describe: 'Run id, unique id prefix, latest or latest~N' })
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
    checkEnvironment();
    // Like EvaluationResult.save: an explicit format wins, else the file's extension, else JSON.
    const format = evaluator().exportFormatOf(argv.output, argv.format);
    if (argv.output !== undefined) checkOutputFile(argv.output, 'runs export', { formatGiven: argv.format !== undefined, database: argv });
    const { run, items } = await withExistingDatabase(argv, async (db) => {
      const run = await db.runs.requireRun(await resolveRun(db, argv.run));
      const items: ItemRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await db.runs.listItems(run.id, { limit: 1000, cursor });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return { run, items };
    });
    if (run.status === 'running') note(`Run ${run.name} is still running; its export records it as cancelled.`);
    const text = formatRunExport(format, run, items);
    if (!argv.output) {
      process.stdout.write(text);
      return;
    }
    const { writeFile } = await import('node:fs/promises');
    try {
      await writeFile(argv.output, text, 'utf8');
    } catch (cause) {
      throw new CliError(`Cannot write ${argv.output}: ${(cause as Error).message}`);
    }
    if (argv.json) printJson({ runId: run.id, file: argv.output, format, items: items.length });
    note(`Exported ${items.length} ${items.length === 1 ? 'item' : 'items'} to ${argv.output}`);
  }),
};
