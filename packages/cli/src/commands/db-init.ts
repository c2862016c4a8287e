import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { databaseOptions, refuseInMemoryDatabase } from '../database';
import { handle } from '../handle';
import { print, printJson } from '../output/print';
import { storage } from '../libraries';

/** `llm-eval db init` */
export const dbInitCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'init',
  describe: 'Create the database (or bring its schema up to date)',
  builder: (y) => y.example('$0 db init', 'create ./llm_eval_runs.db').example('$0 db init --database-url postgresql://localhost/evals', ''),
  handler: handle(async (argv) => {
    // Its schema would be gone when this command exits: no later command could use it.
    refuseInMemoryDatabase(argv, 'write');
    const { checkHealth, initializeDatabase } = storage();
    const db = await initializeDatabase(databaseOptions(argv));
    try {
      const health = await checkHealth({ dataSource: db.dataSource, config: db.config });
      if (argv.json) printJson({ url: health.url, backend: health.backend, schemaVersion: health.schemaVersion });
      else print(`Database ready: ${health.url} (${health.backend}, schema ${health.schemaVersion})`);
    } finally {
      await db.close();
    }
  }),
};
