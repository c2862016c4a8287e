import { existsSync } from 'node:fs';
import type { Database } from '@llm-eval/storage';
import { CliError } from './errors';
import type { GlobalOptions } from './global-options';
import { search, storage } from './libraries';
import { onSameDatabase } from './same-database';

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

/**
 * Opens the database named by --database-url, LLM_EVAL_DATABASE_URL or the SQLite default (migrating it). With
 * `createSchema: false`, a database without llm-eval tables is refused (DatabaseNotInitializedError, exit 1) as it is.
 */
export async function openDatabase(options: GlobalOptions, { createSchema = true }: { createSchema?: boolean } = {}): Promise<Database> {
  const { initializeDatabase } = storage();
  return initializeDatabase({ ...databaseOptions(options), createSchema });
}

/** Runs `work` with an open database and always closes it. */
export async function withDatabase<T>(
  options: GlobalOptions,
  work: (db: Database) => Promise<T>,
  open: { createSchema?: boolean } = {},
): Promise<T> {
  const db = await openDatabase(options, open);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/**
 * When the database is a SQLite file that does not exist: what to tell the user (the URL as given, passwords
 * redacted). Opening it would create it, directories and all, and a mistyped path would then read as "no runs".
 * Undefined for an existing file, PostgreSQL, :memory:, or a URL that does not parse (opening it says why).
 */
export function missingSqliteFile(options: GlobalOptions): string | undefined {
  const file = sqliteFileOf(options);
  if (file === undefined || existsSync(file.database)) return undefined;
  return `the SQLite file of ${file.url} was not found; create it by running an evaluation or ${onSameDatabase('db init')} (or check --database-url / LLM_EVAL_DATABASE_URL)`;
}

/** The SQLite database the user chose and its URL with passwords redacted; undefined for PostgreSQL or a URL that does not parse. */
function sqliteOf(options: GlobalOptions): { url: string; database: string } | undefined {
  const { parseDatabaseUrl, resolveDatabaseUrl } = storage();
  let config;
  try {
    config = parseDatabaseUrl(resolveDatabaseUrl(options.databaseUrl));
  } catch {
    return undefined;
  }
  return config.type === 'sqlite' ? { url: config.redactedUrl, database: config.database } : undefined;
}

/** The SQLite file the user chose and its URL with passwords redacted; undefined for PostgreSQL, :memory: or a URL that does not parse. */
function sqliteFileOf(options: GlobalOptions): { url: string; database: string } | undefined {
  const sqlite = sqliteOf(options);
  return sqlite?.database === ':memory:' ? undefined : sqlite;
}

/**
 * The URL of the database the user chose when it is SQLite in memory, else undefined. Each command opens such a
 * database empty and it is gone when the command exits: nothing stored there is ever read by another command.
 */
export function inMemoryDatabaseUrl(options: GlobalOptions): string | undefined {
  const sqlite = sqliteOf(options);
  return sqlite?.database === ':memory:' ? sqlite.url : undefined;
}

/**
 * Why an in-memory database cannot serve a command, and what to use: a command that reads what earlier commands
 * stored (`read`) finds nothing there; one that stores something for later (`write`: db init, a token) loses it.
 */
export function inMemoryDatabaseMessage(url: string, use: 'read' | 'write' = 'read'): string {
  const why = use === 'read' ? 'nothing another command stored is ever in it' : 'what this command stores is gone when it exits';
  return `${url} is an in-memory database: it does not outlive one command, so ${why}; use a file URL such as sqlite:///./llm_eval_runs.db`;
}

/** Refuses an in-memory SQLite database (exit 2): no state of the world makes such a command line work. */
export function refuseInMemoryDatabase(options: GlobalOptions, use: 'read' | 'write'): void {
  const memory = inMemoryDatabaseUrl(options);
  if (memory !== undefined) throw new CliError(`${inMemoryDatabaseMessage(memory, use)}.`, 2);
}

/**
 * The file of the SQLite database the user chose (with the files SQLite keeps beside it): what -o must never
 * overwrite. Undefined for PostgreSQL, :memory: or a URL that does not parse.
 */
export function sqliteDatabaseFiles(options: GlobalOptions): { url: string; files: string[] } | undefined {
  const file = sqliteFileOf(options);
  if (file === undefined) return undefined;
  return { url: file.url, files: ['', '-wal', '-shm', '-journal'].map((suffix) => `${file.database}${suffix}`) };
}

/**
 * withDatabase for commands that read or change what is stored: a SQLite file that does not exist, or a database
 * without llm-eval tables (an empty PostgreSQL database), is an error (exit 1) naming it, not a new empty database;
 * an in-memory SQLite database, empty whenever a command opens it, is a usage error (exit 2). An older llm-eval schema
 * is still migrated.
 */
export async function withExistingDatabase<T>(options: GlobalOptions, work: (db: Database) => Promise<T>): Promise<T> {
  // A usage error, like -o naming the database.
  refuseInMemoryDatabase(options, 'read');
  const missing = missingSqliteFile(options);
  if (missing !== undefined) throw new CliError(missing.charAt(0).toUpperCase() + missing.slice(1) + '.');
  return withDatabase(options, work, { createSchema: false });
}

/** An empty run reference (`runs show ""`, an unset shell variable) is a usage error (exit 2), like a missing one. */
export function refuseEmptyRunReference(reference: string): void {
  if (reference.trim() === '') {
    throw new CliError(`The run reference is empty: give a run id, an id prefix, a run name, or latest / latest~N.`, 2);
  }
}

/** Resolves an id, unique prefix, or latest / latest~N to a run id. */
export async function resolveRun(db: Database, reference: string, projectId?: string): Promise<string> {
  refuseEmptyRunReference(reference);
  const { resolveRunReference } = search();
  return resolveRunReference(db.dataSource, reference, projectId);
}
