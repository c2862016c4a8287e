import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './errors';

/** The dataset formats the evaluator reads, by file extension. */
const DATASET_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.json', '.csv']);

/**
 * Checks --dataset before any user code loads: a path that is not there, a folder or a format the evaluator does not
 * read is a usage error (exit 2), like a missing --task file, not a failure after the task loaded.
 */
export function checkDatasetFile(file: string): void {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new CliError(`--dataset: no such file: ${absolute}`, 2);
  if (!statSync(absolute).isFile()) throw new CliError(`--dataset: ${absolute} is a folder, not a dataset file.`, 2);
  const extension = path.extname(absolute).toLowerCase();
  if (!DATASET_EXTENSIONS.has(extension)) {
    throw new CliError(`--dataset: ${absolute}: "${extension || '(no extension)'}" is not a dataset format; use .jsonl, .json or .csv.`, 2);
  }
}
