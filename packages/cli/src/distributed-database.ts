import type { GlobalOptions } from './global-options';
import { CliError } from './errors';
import { storage } from './libraries';

/** The database of a distributed run or a worker: the URL, where it came from, and the URL safe to print. */
export interface DistributedDatabase {
  databaseUrl: string;
  databaseUrlSource: string;
  redacted: string;
}

/**
 * The database every worker and the submitter share: --database-url, else LLM_EVAL_DATABASE_URL, else the SQLite
 * default. It must be PostgreSQL: a SQLite file is on one machine, so workers elsewhere could never store an item.
 * Checked before anything connects or is enqueued; a SQLite or malformed URL is a usage error (exit 2).
 */
export function distributedDatabase(options: GlobalOptions, what: string): DistributedDatabase {
  const { resolveDatabaseUrl, parseDatabaseUrl, DATABASE_URL_ENV } = storage();
  const databaseUrl = resolveDatabaseUrl(options.databaseUrl);
  const databaseUrlSource =
    options.databaseUrl !== undefined && options.databaseUrl.trim() !== ''
      ? '--database-url'
      : process.env[DATABASE_URL_ENV]?.trim()
        ? DATABASE_URL_ENV
        : 'the default database URL';
  const config = parseDatabaseUrl(databaseUrl, process.cwd(), databaseUrlSource);
  if (config.type === 'sqlite') {
    throw new CliError(
      `${what} needs a database every worker can reach, and ${config.redactedUrl} (from ${databaseUrlSource}) is a SQLite file that ` +
        `workers on other machines cannot open. Pass a PostgreSQL URL: --database-url postgresql://user:password@host:5432/llm_eval ` +
        `(or set ${DATABASE_URL_ENV}), the same one for every worker.`,
      2,
    );
  }
  return { databaseUrl, databaseUrlSource, redacted: config.redactedUrl };
}
