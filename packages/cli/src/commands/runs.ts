import type { CommandModule } from 'yargs';
import { runsListCommand } from './runs-list';
import { runsShowCommand } from './runs-show';
import { runsItemsCommand } from './runs-items';
import { runsSearchCommand } from './runs-search';
import { runsCompareCommand } from './runs-compare';
import { runsTrendCommand } from './runs-trend';
import { runsExportCommand } from './runs-export';
import { runsDeleteCommand } from './runs-delete';
import { runsPruneCommand } from './runs-prune';
import { runsRecoverCommand } from './runs-recover';
import { runsCancelCommand } from './runs-cancel';

/** `llm-eval runs …` */
export const runsCommand: CommandModule = {
  command: 'runs <command>',
  describe: 'List, show, search, compare, export, delete, recover and cancel runs',
  builder: (y) =>
    y
      .command([
        runsListCommand,
        runsShowCommand,
        runsItemsCommand,
        runsSearchCommand,
        runsCompareCommand,
        runsTrendCommand,
        runsExportCommand,
        runsDeleteCommand,
        runsPruneCommand,
        runsRecoverCommand,
        runsCancelCommand,
      ] as CommandModule<any, any>[])
      .demandCommand(1),
  handler: () => undefined,
};
