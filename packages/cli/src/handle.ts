import type { ArgumentsCamelCase } from 'yargs';
import { CliError } from './errors';
import type { GlobalOptions } from './global-options';

// Typed errors from the libraries that are the user's to fix: one line, exit 1 (2 for syntax/usage).
const USAGE_ERRORS = new Set(['QuerySyntaxError', 'InvalidDatabaseUrlError', 'ValidationError', 'InvalidCursorError', 'ConfigError']);
const KNOWN_ERRORS = new Set([
  'RunNotFoundError',
  'RunReferenceError',
  'DatabaseConnectionError',
  'DriverNotInstalledError',
  'DatasetError',
  'UnknownMetricError',
  'DuplicateItemError',
  'StorageError',
  'StorageWriteError',
  'ComparisonError',
  'ModelApiError',
]);

/**
 * Wraps a command handler: known errors print one line (`llm-eval: …`) and set the exit code; anything else adds
 * "run with --verbose" unless --verbose, which prints the stack.
 */
export function handle<A extends GlobalOptions>(run: (argv: ArgumentsCamelCase<A>) => Promise<number | void>) {
  return async (argv: ArgumentsCamelCase<A>): Promise<void> => {
    try {
      const code = await run(argv);
      if (typeof code === 'number') process.exitCode = code;
    } catch (error) {
      const e = error as Error & { exitCode?: number };
      const name = e?.name ?? 'Error';
      const expected = e instanceof CliError || USAGE_ERRORS.has(name) || KNOWN_ERRORS.has(name);
      process.stderr.write(`llm-eval: ${e?.message ?? String(error)}\n`);
      if (argv.verbose && e?.stack) process.stderr.write(`${e.stack}\n`);
      else if (!expected) process.stderr.write('(run again with --verbose for details)\n');
      process.exitCode = e instanceof CliError ? e.exitCode : USAGE_ERRORS.has(name) ? 2 : 1;
    }
  };
}
