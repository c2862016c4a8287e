import type { CommandModule } from 'yargs';
import { projectsListCommand } from './projects-list';
import { projectsShowCommand } from './projects-show';
import { projectsSetRetentionCommand } from './projects-set-retention';
import { projectsClearRetentionCommand } from './projects-clear-retention';
import { projectsRetentionCommand } from './projects-retention';

/** `llm-eval projects …` */
export const projectsCommand: CommandModule = {
  command: 'projects <command>',
  describe: 'List projects with their latest runs, show one project, and set their retention policies',
  builder: (y) =>
    y
      .command([
        projectsListCommand,
        projectsShowCommand,
        projectsSetRetentionCommand,
        projectsClearRetentionCommand,
        projectsRetentionCommand,
      ] as CommandModule<any, any>[])
      .demandCommand(1),
  handler: () => undefined,
};
