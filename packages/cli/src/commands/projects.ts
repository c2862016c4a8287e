import type { CommandModule } from 'yargs';
import { projectsListCommand } from './projects-list';
import { projectsShowCommand } from './projects-show';

/** `llm-eval projects …` */
export const projectsCommand: CommandModule = {
  command: 'projects <command>',
  describe: 'List projects with their latest runs, or show one project',
  builder: (y) => y.command([projectsListCommand, projectsShowCommand] as CommandModule<any, any>[]).demandCommand(1),
  handler: () => undefined,
};
