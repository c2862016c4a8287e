import type { Argv, CommandModule } from 'yargs';

/**
 * `llm-eval completion`: prints the shell completion script of `cli`. A command of its own rather than yargs'
 * `.completion('completion')`, which prints the script whenever the word appears, `completion --help` included.
 * Shell completion itself (the script calls `llm-eval --get-yargs-completions …`) is yargs' and works either way.
 */
export function completionCommand(cli: () => Argv): CommandModule {
  return {
    command: 'completion',
    describe: 'Print a shell completion script (bash/zsh): llm-eval completion >> ~/.bashrc',
    builder: (y) => y.example('$0 completion >> ~/.bashrc', 'bash: complete commands and options in new shells').example('$0 completion >> ~/.zshrc', 'zsh'),
    handler: () => {
      cli().showCompletionScript();
    },
  };
}
