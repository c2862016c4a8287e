import type { CommandModule } from 'yargs';
import { cliAudit } from '../access/cli-actor';
import { withExistingDatabase } from '../database';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { print, printJson } from '../output/print';

interface Args extends GlobalOptions {
  project: string;
}

/** `llm-eval projects clear-retention alpha` */
export const projectsClearRetentionCommand: CommandModule<GlobalOptions, Args> = {
  command: 'clear-retention <project>',
  describe: "Remove a project's retention policy: its runs are kept until deleted by hand",
  builder: (y) =>
    y
      .positional('project', { type: 'string', demandOption: true, describe: 'The project id' })
      .example('$0 projects clear-retention alpha', '')
      .epilogue('Audited as retention.cleared. Exit 1 when the project had no policy. --json prints { projectId, cleared }.'),
  handler: handle<Args>(async (argv) => {
    const projectId = String(argv.project);
    const cleared = await withExistingDatabase(argv, (db) => db.retention.clear(projectId, cliAudit()));
    if (argv.json) printJson({ projectId, cleared });
    else if (cleared) print(`Cleared the retention policy of project ${projectId}: its runs are kept.`);
    else print(`Project ${projectId} has no retention policy; nothing changed.`);
    return cleared ? 0 : 1;
  }),
};
