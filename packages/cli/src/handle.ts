import type { ArgumentsCamelCase } from 'yargs';
import { redactSecrets } from './access/redact-secrets';
import { checkEnvironment } from './check-environment';
import { CliError } from './errors';
import { terminalField, terminalText } from './output/terminal-text';
import type { GlobalOptions } from './global-options';

/**
 * Typed errors that mean the command line itself was wrong (a usage error, exit 2); subclasses count too.
 * ComparisonError: comparing a run with itself (`runs compare latest latest`, an id and its prefix) or options that
 * make no sense, never something about the stored runs.
 */
const USAGE_ERRORS = new Set(['QuerySyntaxError', 'InvalidDatabaseUrlError', 'ValidationError', 'InvalidCursorError', 'ConfigError', 'QueueUrlError', 'DistributedSqliteError', 'ComparisonError']);
/**
 * The base classes of every error the packages throw on purpose (each package's errors.ts): such an error's message
 * says what was wrong and what to do, so it is printed as one line. Matching the bases, not a list of names, keeps
 * every typed error a package adds later (ItemsRejectedError, DatabaseBusyError, RunWriterAliveError, …) covered.
 */
const TYPED_ERROR_BASES = new Set(['CliError', 'StorageError', 'EvaluatorError', 'SearchError', 'StatsArgumentError', 'QueueError']);

/** The error's name and the class names up its prototype chain (InvalidOptionError → ConfigError → EvaluatorError). */
function lineage(error: unknown): string[] {
  const names = [(error as Error)?.name ?? 'Error'];
  for (let proto = error && typeof error === 'object' ? Object.getPrototypeOf(error) : null; proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name) names.push(name);
  }
  return names;
}

/** How the CLI reports an error: whether it is one of ours (one line) and its exit code. @internal */
export function classifyError(error: unknown): { expected: boolean; exitCode: number } {
  if (error instanceof CliError) return { expected: true, exitCode: error.exitCode };
  const names = lineage(error);
  const usage = names.some((name) => USAGE_ERRORS.has(name));
  return { expected: usage || names.some((name) => TYPED_ERROR_BASES.has(name)), exitCode: usage ? 2 : 1 };
}

/** How handle() runs a command. */
export interface HandleOptions<A> {
  /**
   * Whether this invocation may open a database, and so needs the environment checked first (default: always). Only
   * `evaluate --no-store` says no: it reads none of the variables.
   */
  opensDatabase?: (argv: ArgumentsCamelCase<A>) => boolean;
}

/**
 * Wraps a command handler: the environment is checked before the command does anything (checkEnvironment: one place,
 * so every command refuses a malformed variable alike); known errors print one line (`llm-eval: …`) and set the exit
 * code; anything else adds "run with --verbose" unless --verbose, which prints the stack.
 */
export function handle<A extends GlobalOptions>(run: (argv: ArgumentsCamelCase<A>) => Promise<number | void>, options: HandleOptions<A> = {}) {
  return async (argv: ArgumentsCamelCase<A>): Promise<void> => {
    try {
      if (options.opensDatabase?.(argv) ?? true) checkEnvironment();
      const code = await run(argv);
      if (typeof code === 'number') process.exitCode = code;
    } catch (error) {
      const e = error as Error;
      const { expected, exitCode } = classifyError(error);
      // A token secret pasted where it does not belong is never repeated back, not even in a stack. The message is one
      // line whatever stored text it quotes (a run named "evil\nline" shows as evil␊line); the stack keeps its lines.
      process.stderr.write(`llm-eval: ${terminalField(redactSecrets(e?.message ?? String(error)))}\n`);
      if (argv.verbose && e?.stack) process.stderr.write(`${terminalText(redactSecrets(e.stack))}\n`);
      else if (!expected) process.stderr.write('(run again with --verbose for details)\n');
      process.exitCode = exitCode;
    }
  };
}
