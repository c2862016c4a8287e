import type { CommandModule } from 'yargs';
import { tokensCreateCommand } from './tokens-create';
import { tokensListCommand } from './tokens-list';
import { tokensRevokeCommand } from './tokens-revoke';

/** `llm-eval tokens …` */
export const tokensCommand: CommandModule = {
  command: 'tokens <command>',
  describe: 'Create, list and revoke API tokens for `llm-eval serve --auth`',
  builder: (y) => y.command([tokensCreateCommand, tokensListCommand, tokensRevokeCommand] as CommandModule<any, any>[]).demandCommand(1),
  handler: () => undefined,
};
