import type { CommandModule } from 'yargs';
import { auditListCommand } from './audit-list';
import { auditPruneCommand } from './audit-prune';

/** `llm-eval audit …` */
export const auditCommand: CommandModule = {
  command: 'audit <command>',
  describe: 'Read the audit log (who changed what, when), or prune its old entries',
  builder: (y) => y.command([auditListCommand, auditPruneCommand] as CommandModule<any, any>[]).demandCommand(1),
  handler: () => undefined,
};
