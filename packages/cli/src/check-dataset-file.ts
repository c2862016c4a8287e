import path from 'node:path';
import { CliError } from './errors';
import { statOf } from './file-stat';
import { stdinRefused } from './stdin-paths';

/** The dataset formats the evaluator reads, by file extension. */
const DATASET_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.json', '.csv']);

/**
 * Checks --dataset before any user code loads: a path that is not there, a folder or a format the evaluator does not
 * read is a usage error (exit 2), like a missing --task file, not a failure after the task loaded.
 */
export function checkDatasetFile(file: string): void {
  if (file.trim() === '-') throw new CliError(stdinRefused('--dataset'), 2);
  const absolute = path.resolve(file);
  const stats = statOf(absolute);
  if (!stats) throw new CliError(`--dataset: no such file: ${absolute}`, 2);
  if (stats.isDirectory()) throw new CliError(`--dataset: ${absolute} is a folder, not a dataset file.`, 2);
  if (!stats.isFile()) {
    throw new CliError(`--dataset: ${absolute} is not a regular file (a pipe or a device); save the dataset to a .jsonl, .json or .csv file and give its path.`, 2);
  }
  const extension = path.extname(absolute).toLowerCase();
  if (!DATASET_EXTENSIONS.has(extension)) {
    throw new CliError(`--dataset: ${absolute}: "${extension || '(no extension)'}" is not a dataset format; use .jsonl, .json or .csv.`, 2);
  }
}
