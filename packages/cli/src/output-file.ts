import path from 'node:path';
import { sqliteDatabaseFiles } from './database';
import { CliError } from './errors';
import { statOf } from './file-stat';
import type { GlobalOptions } from './global-options';

/** The formats -o writes, by file extension (no extension: JSON). */
const OUTPUT_EXTENSIONS = new Set(['', '.json', '.jsonl', '.ndjson', '.csv']);

/**
 * Checks -o before any work: a folder where a file name belongs, a folder that does not exist, or a format we do not
 * write (out.xlsx or out.txt would get JSON), is a usage error now rather than a failure, or a misnamed file, after the
 * work. `command` names who writes it; with `formatGiven` (runs export --format) any extension goes. The SQLite
 * database's files and the dataset are never overwritten.
 */
export function checkOutputFile(file: string, command: string, options: { formatGiven?: boolean; database?: GlobalOptions; dataset?: string } = {}): void {
  // `-o -` means stdout to most tools; here it wrote a file named "-" in the working folder.
  if (file === '-') {
    const stdout = command === 'runs export' ? 'leave out -o to print the export to stdout' : 'use --json to print the result to stdout';
    throw new CliError(`-o -: ${command} writes -o to a file, not to stdout; ${stdout}, or give a file name.`, 2);
  }
  // Opening a folder for writing fails with Node's bare "EISDIR", and only after the run was read.
  if (statOf(file)?.isDirectory() === true) {
    throw new CliError(`-o ${file}: that is a folder, not a file; give a file name, e.g. ${path.join(file, 'run.json')}.`, 2);
  }
  const extension = path.extname(file).toLowerCase();
  if (!options.formatGiven && !OUTPUT_EXTENSIONS.has(extension)) {
    const alternative = command === 'runs export' ? ', or give --format' : '';
    throw new CliError(`-o ${file}: "${extension}" is not a format ${command} writes; use .json (Python LLM-Eval format), .jsonl or .csv${alternative}.`, 2);
  }
  const folder = path.dirname(path.resolve(file));
  if (statOf(folder)?.isDirectory() !== true) {
    throw new CliError(`-o ${file}: the folder ${folder} does not exist; create it or choose another path.`, 2);
  }
  // `runs export latest -o runs.db --format json` replaced the database it was reading with one run's export.
  const database = options.database && sqliteDatabaseFiles(options.database);
  if (database?.files.some((databaseFile) => sameFile(file, databaseFile))) {
    throw new CliError(`-o ${file}: that is a file of the database ${database.url}; writing there would destroy it. Choose another path.`, 2);
  }
  if (options.dataset !== undefined && sameFile(file, options.dataset)) {
    throw new CliError(`-o ${file}: that is the --dataset file; writing the result there would replace the dataset. Choose another path.`, 2);
  }
}

/** Whether two paths name one file: the same path, or (both existing) the same inode, as through a link. */
function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  const [x, y] = [statOf(a), statOf(b)];
  return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino;
}
