import type { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from '../migrations';

/**
 * Whether llm-eval ever created its schema here: its migrations table or its runs table exists. An older llm-eval
 * schema counts (pending migrations bring it up to date); an empty database, or one holding only other programs'
 * tables, does not. On PostgreSQL the tables are looked up in the URL's `schema` (default: the current schema).
 * @internal
 */
export async function hasLlmEvalSchema(dataSource: DataSource): Promise<boolean> {
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.hasTable(MIGRATIONS_TABLE)) || (await runner.hasTable('evaluation_runs'));
  } finally {
    await runner.release();
  }
}

/**
 * A URL (or any word) for a shell command line: quoted when it holds anything a shell would read.
 * @internal
 */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./*-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that creates the schema, as the user would type it: with `--database-url` unless the URL came from
 * `LLM_EVAL_DATABASE_URL` or is the default (then `llm-eval db init` alone finds it).
 * @internal
 */
export function initCommandFor(redactedUrl: string, urlSource: string): string {
  const implicit = urlSource === 'LLM_EVAL_DATABASE_URL' || urlSource === 'the default database URL';
  if (implicit) return 'llm-eval db init';
  // A URL typed with --database-url is never repeated, whether or not it shows a password, as every command the CLI
  // advises says it (`--database-url <the same URL>`). A URL shown with a credential hidden (`***`) would not connect
  // if typed back: the user gives their own.
  if (urlSource === '--database-url') return 'llm-eval db init --database-url <the same URL>';
  if (redactedUrl.includes('***')) return `llm-eval db init --database-url <the URL of ${urlSource}>`;
  return `llm-eval db init --database-url ${shellWord(redactedUrl)}`;
}
