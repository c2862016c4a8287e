import type { CommandModule } from 'yargs';
import { queueStatusCommand } from './queue-status';

/** `llm-eval queue …` */
export const queueCommand: CommandModule = {
  command: 'queue <command>',
  describe: 'Look at the Redis queue of distributed runs (evaluate --queue) and its workers',
  builder: (y) => y.command([queueStatusCommand] as CommandModule<any, any>[]).demandCommand(1),
  handler: () => undefined,
};
