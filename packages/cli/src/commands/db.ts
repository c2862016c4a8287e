import type { CommandModule } from 'yargs';
import { dbInitCommand } from './db-init';
import { dbHealthCommand } from './db-health';
import { dbMigrateCommand } from './db-migrate';

/** `llm-eval db …` */
export const dbCommand: CommandModule = {
  command: 'db <command>',
  describe: 'Create, inspect and import into the database',
  builder: (y) => y.command([dbInitCommand, dbHealthCommand, dbMigrateCommand] as CommandModule<any, any>[]).demandCommand(1),
  handler: () => undefined,
};
