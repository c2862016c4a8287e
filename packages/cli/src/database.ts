import type { Database } from '@llm-eval/storage';
import type { GlobalOptions } from './global-options';
import { search, storage } from './libraries';

/** Opens the database named by --database-url, LLM_EVAL_DATABASE_URL or the SQLite default (migrating it). */
export async function openDatabase(options: GlobalOptions): Promise<Database> {
  const { initializeDatabase } = storage();
  return initializeDatabase({ url: options.databaseUrl });
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
