import type { GlobalOptions } from './global-options';

/** What an advised command adds to reach the database this one used: set once per process, by rememberDatabaseSource. */
let flag = '';

/**
 * Notes how the user named the database (yargs middleware: before any handler runs). A command the CLI advises
 * running (`db init`, `runs recover <run>`, …) must reach the same database: typed without the flag, it would open
 * LLM_EVAL_DATABASE_URL or ./llm_eval_runs.db instead. The URL itself is never repeated, as it may hold a password.
 */
export function rememberDatabaseSource(options: Pick<GlobalOptions, 'databaseUrl'>): void {
  flag = options.databaseUrl === undefined ? '' : ' --database-url <the same URL>';
}

/**
 * `llm-eval <command>` as the user must type it to run it against the database this command used: with
 * `--database-url <the same URL>` when the database came from that flag, plain when it came from
 * LLM_EVAL_DATABASE_URL or is the default (the same environment finds it again).
 */
export function onSameDatabase(command: string): string {
  return `llm-eval ${command}${flag}`;
}
