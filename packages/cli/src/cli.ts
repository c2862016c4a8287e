import yargs, { type Argv } from 'yargs';
import { commands } from './commands';

/** Builds the `llm-eval` command line. Handlers import heavy modules lazily, so --help stays instant. */
export function buildCli(args: string[]): Argv {
  const cli = yargs(args)
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
    .command(commands)
    .completion('completion', 'Print a shell completion script (bash/zsh): llm-eval completion >> ~/.bashrc')
    .demandCommand(1, 'Name a command; see llm-eval --help.')
    .recommendCommands()
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .epilogue('Docs and examples: https://github.com/llm-eval/llm-eval#readme')
    .fail((message, error) => {
      if (error) throw error;
      // Usage errors (unknown command or flag, missing argument): one line and exit code 2.
      process.stderr.write(`llm-eval: ${message}\nRun llm-eval --help for usage.\n`);
      process.exit(2);
    });
  return cli;
}

/** Runs the CLI with the process arguments. */
export async function main(args: string[] = process.argv.slice(2)): Promise<void> {
  await buildCli(args).parseAsync();
}
