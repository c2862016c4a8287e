import { createRequire } from 'node:module';
import { exitNow } from './own-exit';
import yargs, { type Argv } from 'yargs';
import { commands } from './commands';
import { completionCommand } from './commands/completion';
import { redactSecrets } from './access/redact-secrets';
import { CliError } from './errors';
import { rememberDatabaseSource } from './same-database';
import { terminalText } from './output/terminal-text';
import { explainUsageError, joinNegativeAges, lettersHidingHelp, type UsageContext } from './usage-hints';
import { hideCommandLineSecrets } from './command-line-secrets';

/** This package's version, from its package.json (one directory above both src/ and dist/). */
function packageVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

/** Builds the `llm-eval` command line. Handlers import heavy modules lazily, so --help stays instant. */
export function buildCli(args: string[]): Argv {
  const cli: Argv = yargs(joinNegativeAges(args))
    .scriptName('llm-eval')
    .usage('$0 <command> [options]\n\nStore, search and compare LLM evaluation runs.')
    .option('database-url', {
      type: 'string',
      describe: 'Database URL (beats LLM_EVAL_DATABASE_URL; default sqlite:///./llm_eval_runs.db)',
      global: true,
    })
    .option('json', { type: 'boolean', describe: 'Machine-readable JSON output (stable camelCase fields)', global: true })
    .option('verbose', { type: 'boolean', describe: 'Show stack traces and details on errors', global: true })
    .option('color', { type: 'boolean', describe: 'Colour output (default: on a terminal without NO_COLOR)', global: true })
    // Before any handler: the commands it advises (db init, runs recover …) must name the same database.
    .middleware((argv) => rememberDatabaseSource(argv as { databaseUrl?: string }))
    .command(commands)
    .check((argv) => refuseRepeatedOptions(cli, argv))
    .command(completionCommand((): Argv => cli))
    .demandCommand(1, 'Name a command; see llm-eval --help.')
    .recommendCommands()
    .strict()
    .help()
    .alias('help', 'h')
    .version('version', 'Print the version of llm-eval', packageVersion())
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .epilogue('Docs and examples: https://github.com/llm-eval/llm-eval#readme')
    .fail((message, error) => {
      // Usage errors (unknown command or flag, missing argument, a bad option value from a coerce check): one line
      // and exit code 2. Anything else is a bug and keeps its stack.
      const usage = !error || error.name === 'YError' || (error instanceof CliError && error.exitCode === 2);
      if (!usage) throw error;
      const context = usageContext(cli, args);
      const explained = explainUsageError(String(message ?? error?.message), context);
      const help = ['llm-eval', ...context.commands, '--help'].join(' ');
      // The message can quote what was typed (an unknown option, a bad value): its control characters are shown.
      process.stderr.write(`llm-eval: ${terminalText(redactSecrets(explained))}\nRun ${help} for usage.\n`);
      exitNow(2);
    });
  return cli;
}

/**
 * An option given twice that takes one value (`--name a --name b`, `--database-url x --database-url y`) is a usage
 * error, as a repeated number already was: yargs would hand the command an array, which became "a,b" or a crash
 * ("explicit.trim is not a function"). Options declared as arrays (--tag, --status) and variadic positionals may repeat.
 */
function refuseRepeatedOptions(cli: Argv, argv: Record<string, unknown>): true {
  const options = (cli as unknown as { getOptions(): { key: Record<string, unknown>; array: string[] } }).getOptions();
  const arrays = new Set(options.array);
  for (const key of Object.keys(options.key)) {
    const value = argv[key];
    if (Array.isArray(value) && !arrays.has(key)) {
      throw new CliError(`--${key} was given ${value.length} times; give it once.`, 2);
    }
  }
  return true;
}

/** What yargs had reached when it failed (its internals, read defensively: a hint must never hide the error). */
function usageContext(cli: Argv, args: string[]): UsageContext {
  try {
    const yargsInstance = cli as unknown as { getInternalMethods(): InternalMethods; getOptions(): { key: Record<string, unknown> } };
    const internal = yargsInstance.getInternalMethods();
    const usage = internal.getUsageInstance().getUsage();
    return {
      args,
      commands: [...internal.getContext().commands],
      options: Object.keys(yargsInstance.getOptions().key),
      usage: usage.length === 1 ? usage[0]![0] : undefined,
    };
  } catch {
    return { args, commands: [], options: [] };
  }
}

interface InternalMethods {
  getContext(): { commands: string[] };
  getUsageInstance(): { getUsage(): Array<[string, string]> };
}

/** Runs the CLI with the process arguments. */
export async function main(args: string[] = process.argv.slice(2)): Promise<void> {
  hideCommandLineSecrets();
  const command = typedCommandPath(args);
  // After `--since -1h` is joined into one word, as yargs gets it: that value is the age check's to judge.
  const hidden = lettersHidingHelp(joinNegativeAges(args), command);
  if (hidden) {
    // yargs would print the help and exit 0, as if the command had done what was asked.
    process.stderr.write(`llm-eval: ${terminalText(hidden)}\nRun ${['llm-eval', ...command, '--help'].join(' ')} for usage.\n`);
    exitNow(2);
  }
  await buildCli(args).parseAsync();
}

/** The command the arguments begin with (`['tokens', 'revoke']`, `['evaluate']`), as far as it names one. */
function typedCommandPath(args: readonly string[]): string[] {
  const [name, ...shape] = String(commands.find((c) => String(c.command).split(' ')[0] === args[0])?.command ?? '').split(' ');
  if (!name) return [];
  // A group (`runs <command>`) is followed by its subcommand's name.
  return shape[0] === '<command>' && /^[a-z][a-z-]*$/.test(args[1] ?? '') ? [name, args[1]!] : [name];
}
