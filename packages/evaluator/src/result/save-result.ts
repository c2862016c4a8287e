import { open, stat, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ConfigError } from '../errors';
import type { EvaluationResult } from './evaluation-result';
import { exportFormatOf, formatExport } from './export-files';

/** Options of EvaluationResult.save. */
export interface SaveOptions {
  /** Default: from the file extension (.json, .jsonl/.ndjson, .csv; none: json). Any other extension needs it. */
  format?: 'json' | 'jsonl' | 'csv';
}

/** The extensions save() tells a format from (none: JSON), as `llm-eval runs export -o` takes them. */
const SAVE_EXTENSIONS = new Set(['', '.json', '.jsonl', '.ndjson', '.csv']);
/** What every SQLite database file starts with. */
const SQLITE_HEADER = 'SQLite format 3\0';
/** The files SQLite keeps beside a database, named after it. */
const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'];

/**
 * Writes a result to a file: its export document (`toJSON`, the same one `llm-eval runs export` writes for a
 * stored run) as JSON, JSONL or CSV (cells a spreadsheet would run as formulas are escaped).
 *
 * Refused, before anything is written: an extension that names no format without `format` (`out.txt` got JSON, and
 * `out.xlsx` a file a spreadsheet cannot open), and a SQLite database or one of its -wal/-shm/-journal files
 * (`save('runs.db')` replaced the database the run was just stored in, and every other run in it, with one export).
 * @internal
 */
export async function saveResult(result: EvaluationResult, path: string, options: SaveOptions): Promise<void> {
  await refuseDatabaseFile(path);
  const extension = extname(path).toLowerCase();
  if (options.format === undefined && !SAVE_EXTENSIONS.has(extension)) {
    throw new ConfigError(`save(${JSON.stringify(path)}): "${extension}" is not a format save() writes; use .json, .jsonl or .csv, or pass { format }.`);
  }
  const text = formatExport(result.toJSON(), exportFormatOf(path, options.format));
  await writeFile(path, text, 'utf8');
}

async function refuseDatabaseFile(path: string): Promise<void> {
  if (await isSqliteDatabase(path)) {
    throw new ConfigError(`save(${JSON.stringify(path)}): that file is a SQLite database; saving there would destroy it. Choose another path.`);
  }
  const companion = SQLITE_COMPANIONS.find((suffix) => path.endsWith(suffix));
  if (companion && (await isSqliteDatabase(path.slice(0, -companion.length)))) {
    throw new ConfigError(`save(${JSON.stringify(path)}): that is the ${companion} file of a SQLite database; saving there would corrupt it. Choose another path.`);
  }
}

/**
 * Whether `path` is an existing regular file that starts as every SQLite database does. Anything else is not opened:
 * opening a named pipe to read waits for a writer, and the writer was to be this save (`save('fifo.json')` hung).
 */
async function isSqliteDatabase(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return false;
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(SQLITE_HEADER.length), 0, SQLITE_HEADER.length, 0);
    return bytesRead === SQLITE_HEADER.length && buffer.toString('latin1') === SQLITE_HEADER;
  } finally {
    await handle.close();
  }
}
