import type { Database } from '@llm-eval/storage';
import type { GlobalOptions } from './global-options';
import { search, storage } from './libraries';

/**
 * The storage options for the database the user chose: --database-url beats LLM_EVAL_DATABASE_URL, which beats the
 * SQLite default. `urlSource` makes a bad URL's message name the flag the user typed (storage names the
 * environment variable itself when the URL came from there).
 */
export function databaseOptions(options: GlobalOptions): { url?: string; urlSource?: string } {
  return options.databaseUrl === undefined ? {} : { url: options.databaseUrl, urlSource: '--database-url' };
}

/** The same choice as the evaluator's options (`databaseUrl`, `databaseUrlSource`), for evaluate, demo and db migrate. */
export function evaluatorDatabaseOptions(options: GlobalOptions): { databaseUrl?: string; databaseUrlSource?: string } {
  const { url, urlSource } = databaseOptions(options);
  return { databaseUrl: url, databaseUrlSource: urlSource };
}

/** Checks the database URL without connecting; throws InvalidDatabaseUrlError (a usage error) when it does not parse. */
export function checkDatabaseUrl(options: GlobalOptions): void {
  storage().createDataSource(databaseOptions(options));
}

/** Opens the database named by --database-url, LLM_EVAL_DATABASE_URL or the SQLite default (migrating it). */
export async function openDatabase(options: GlobalOptions): Promise<Database> {
  const { initializeDatabase } = storage();
  return initializeDatabase(databaseOptions(options));
}

/** Runs `work` with an open database and always closes it. */
export async function withDatabase<T>(options: GlobalOptions, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(options);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Resolves an id, unique prefix, or latest / latest~N to a run id. */
export async function resolveRun(db: Database, reference: string, projectId?: string): Promise<string> {
  const { resolveRunReference } = search();
  return resolveRunReference(db.dataSource, reference, projectId);
}
