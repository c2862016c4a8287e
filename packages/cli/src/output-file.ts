import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './errors';

/** The formats -o writes, by file extension (no extension: JSON). */
const OUTPUT_EXTENSIONS = new Set(['', '.json', '.jsonl', '.ndjson', '.csv']);

/**
 * Checks -o before any work: a folder that does not exist, or a format we do not write (out.xlsx or out.txt would get
 * JSON), is a usage error now rather than a failure, or a misnamed file, after the work. `command` names who writes
 * it; with `formatGiven` (runs export --format) any extension goes.
 */
export function checkOutputFile(file: string, command: string, options: { formatGiven?: boolean } = {}): void {
  const extension = path.extname(file).toLowerCase();
  if (!options.formatGiven && !OUTPUT_EXTENSIONS.has(extension)) {
    const alternative = command === 'runs export' ? ', or give --format' : '';
    throw new CliError(`-o ${file}: "${extension}" is not a format ${command} writes; use .json (Python LLM-Eval format), .jsonl or .csv${alternative}.`, 2);
  }
  const folder = path.dirname(path.resolve(file));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CliError(`-o ${file}: the folder ${folder} does not exist; create it or choose another path.`, 2);
  }
}
