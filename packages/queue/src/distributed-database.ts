import { initializeDatabase, parseDatabaseUrl, resolveDatabaseUrl, type Database } from '@llm-eval/storage';
import { DistributedSqliteError } from './errors';

/**
 * The database URL a distributed run or worker uses (explicit, else LLM_EVAL_DATABASE_URL, else the SQLite default),
 * refused with DistributedSqliteError when it is SQLite: a file on one machine that the other workers cannot reach.
 * Called before anything touches Redis. @internal
 */
export function requireSharedDatabaseUrl(databaseUrl?: string, source?: string): string {
  const url = resolveDatabaseUrl(databaseUrl);
  const config = parseDatabaseUrl(url, process.cwd(), source);
  if (config.type === 'sqlite') throw new DistributedSqliteError(config.redactedUrl);
  return url;
}

/** Opens the shared database (applying pending migrations, which storage serialises under a lock). @internal */
export function openSharedDatabase(url: string, source?: string): Promise<Database> {
  return initializeDatabase({ url, urlSource: source });
}
