import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database, RunWithMetrics } from '@llm-eval/storage';
import type { CommandModule } from 'yargs';
import { cliAudit } from '../access/cli-actor';
import type { GlobalOptions } from '../global-options';
import { refuseInMemoryDatabase, withDatabase } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { colors } from '../output/color';
import { shortId, successPercent } from '../output/format';
import { note, print, printJson } from '../output/print';
import { terminalField } from '../output/terminal-text';
import { evaluator } from '../libraries';
import { checkRunDetailOptions } from '../run-detail-options';
import { PROJECT_ID } from '../project-exists';
import { onSameDatabase } from '../same-database';

interface Args extends GlobalOptions {
  files?: string[];
  projectId?: string;
  createdBy?: string;
  tags?: string | string[];
  allowDuplicate?: boolean;
}

function splitTags(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => String(v).split(','));
  return [...new Set(list.map((t) => t.trim()).filter(Boolean))];
}

/** Why a file could not be imported, without repeating its name (DatasetError messages start with the path). */
function reasonOf(error: unknown, file: string): string {
  if ((error as Error)?.name === 'DuplicateImportError') {
    const { existingRunId, existingRunName } = error as Error & { existingRunId: string; existingRunName: string };
    return `already in the database as run ${shortId(existingRunId)} ("${existingRunName.slice(0, 80)}"); nothing was imported. To import it again as another run, add --allow-duplicate.`;
  }
  const message = (error as Error)?.message ?? String(error);
  if (message.startsWith(`${file}: `)) return message.slice(file.length + 2);
  // "data.jsonl:3: …" after "failed data.jsonl:" would name the file twice.
  const atLine = message.startsWith(`${file}:`) ? /^:(\d+): ([\s\S]*)$/.exec(message.slice(file.length)) : null;
  return atLine ? `line ${atLine[1]}: ${atLine[2]}` : message;
}

/** A missing path, a folder or a pipe is a failure of that argument, named before any parsing. */
async function checkIsFile(file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new Error('no such file');
  if (info.isDirectory()) throw new Error('not a file (pass export files, .json or .jsonl, not folders)');
  // An export is read twice (its start, to tell a CSV export, then the whole), which a pipe cannot give.
  if (!info.isFile()) throw new Error('not a regular file (a pipe or a device); save the export to a .json or .jsonl file and pass its path');
}

// The start of the header of a CSV export (runs export --format csv, result.save('x.csv')).
const CSV_EXPORT_HEADER = 'id,success,input,expected,output,error,';

/**
 * A CSV export (by its extension, or its header under another name) is refused with what to import instead: parsed as
 * JSON it failed with "malformed JSON at line 1, column 1".
 */
async function refuseCsvExport(file: string): Promise<void> {
  let csv = path.extname(file).toLowerCase() === '.csv';
  if (!csv) {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(CSV_EXPORT_HEADER.length + 3), 0, CSV_EXPORT_HEADER.length + 3, 0);
      csv = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').startsWith(CSV_EXPORT_HEADER);
    } finally {
      await handle.close();
    }
  }
  if (csv) {
    throw new Error(
      "CSV exports cannot be imported (they leave out the run's project, model, tags and configuration and each item's metadata); " +
        'export the run as .json or .jsonl (llm-eval runs export <run> -o run.json) and import that.',
    );
  }
}

/**
 * The run an imported export completes: the one it was exported from (a fallback file of a run whose storage failed
 * part-way), still in this database with fewer items. Undefined when there is none.
 */
async function partialRunOf(db: Database, run: RunWithMetrics): Promise<RunWithMetrics | undefined> {
  const source = (run.config as { import?: { sourceRunId?: unknown } } | null)?.import?.sourceRunId;
  if (typeof source !== 'string' || source === run.id) return undefined;
  const original = await db.runs.getRun(source);
  return original && original.totalItems < run.totalItems ? original : undefined;
}

/** `llm-eval db migrate <files..>` */
export const dbMigrateCommand: CommandModule<GlobalOptions, any> = {
  command: 'migrate <files..>',
  describe: 'Import Python LLM-Eval JSON exports and llm-eval exports (.json, .jsonl); each file atomically',
  builder: (y) =>
    y
      .positional('files', { type: 'string', demandOption: true, default: undefined, describe: 'Export files (.json, .jsonl; CSV exports cannot be imported)' })
      .option('project-id', { type: 'string', describe: 'Project to store the runs in (default: the project the export names)' })
      .option('created-by', { type: 'string', describe: 'Who the imported runs are attributed to (default: as the export says)' })
      .option('tags', { type: 'string', describe: 'Comma-separated tags for every imported run (a,b); default: the tags the export names' })
      .option('allow-duplicate', { type: 'boolean', default: false, describe: 'Import a file even if this database already holds its run' })
      .example('$0 db migrate results/*.json --project-id legacy --tags imported,python', 'import Python LLM-Eval exports')
      .example('$0 db migrate run.jsonl --json', '{ imported: [{ file, runId, items, warnings }], failed: [{ file, error }] }')
      .epilogue(
        'An llm-eval export brings back its project, tags, creator, description, model and configuration (the flags ' +
          'above replace them). The results and errors are the data: a file whose llm_eval.item_order leaves out, ' +
          'invents or repeats an item fails. A file this database already holds (same data, or exported from a run ' +
          'stored here) fails with exit 1 unless --allow-duplicate. A CSV export cannot be imported (it leaves out the run\'s ' +
          'details and the items\' metadata): a file that is one fails with exit 1; export the run as .json or .jsonl instead.',
      ),
  handler: handle<Args>(async (argv) => {
    checkRunDetailOptions({ createdBy: argv.createdBy });
    // The rule storage applies, checked here so a bad --project-id is one usage error, not a failure per file.
    if (argv.projectId !== undefined && !PROJECT_ID.test(argv.projectId)) {
      throw new CliError(`--project-id "${argv.projectId}" must be letters, digits, ".", "_" or "-" (max 128), starting with a letter or digit.`, 2);
    }
    refuseInMemoryDatabase(argv, 'write');
    const tags = splitTags(argv.tags);
    const files = (argv.files ?? []).map(String);
    const { readExportFile, migrateFromEvaluationResult } = evaluator();
    const c = colors(argv.color);
    const imported: Array<{ file: string; runId: string; items: number; partialRunId?: string; warnings: string[] }> = [];
    const failed: Array<{ file: string; error: string }> = [];
    // Opened once up front, so an unreachable database is one error rather than a failure per file.
    await withDatabase(argv, async (db) => {
      // Each import is audited (run.imported, as cli:<os user>) in the transaction that stores it.
      const audit = cliAudit();
      for (const file of files) {
        try {
          await checkIsFile(file);
          await refuseCsvExport(file);
          const data = await readExportFile(file);
          // Values stored as unknown (a negative time, a fractional token count) are said, not dropped without a word.
          const warnings: string[] = [];
          // One transaction per file: a file lands whole or leaves nothing behind.
          const runId = await migrateFromEvaluationResult(data, {
            onWarning: (warning) => warnings.push(warning),
            projectId: argv.projectId,
            createdBy: argv.createdBy,
            tags,
            database: db,
            audit,
            allowDuplicate: argv.allowDuplicate,
          });
          const run = await db.runs.requireRun(runId);
          const partial = await partialRunOf(db, run);
          imported.push({ file, runId, items: run.totalItems, ...(partial ? { partialRunId: partial.id } : {}), warnings });
          if (!argv.json) {
            print(`${c.green('imported')} ${file} → run ${shortId(runId)} (${run.totalItems} items, success ${successPercent(run)})`);
            for (const warning of warnings) note(`${c.yellow('warning')} ${terminalField(file)}: ${terminalField(warning)}`);
            if (partial) {
              note(
                `note: run ${shortId(runId)} is the complete result of run ${shortId(partial.id)} (${partial.status}, ${partial.totalItems} of ${run.totalItems} items stored), ` +
                  `which stays as it was: delete it once you have checked: ${onSameDatabase(`runs delete ${shortId(partial.id)}`)}`,
              );
            }
          }
        } catch (error) {
          const reason = reasonOf(error, file);
          failed.push({ file, error: reason });
          // One line whatever the reason quotes (a run's name, a line of the file); --json keeps it as it is.
          if (!argv.json) note(`${c.red('failed')} ${terminalField(file)}: ${terminalField(reason)}`);
          if (argv.verbose && (error as Error)?.stack) note((error as Error).stack!);
        }
      }
    });
    if (argv.json) printJson({ imported, failed });
    else if (files.length > 1) print(`${imported.length} of ${files.length} file(s) imported${failed.length ? `, ${failed.length} failed` : ''}.`);
    return failed.length ? 1 : 0;
  }),
};
