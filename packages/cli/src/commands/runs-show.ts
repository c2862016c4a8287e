import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { resolveRun, withExistingDatabase } from '../database';
import { handle } from '../handle';
import { numeric } from '../numeric-option';
import { printJson } from '../output/print';
import { loadRunDetails, printRunDetails } from '../output/run-details';
import { RUN_DURATION_JSON_NOTE, runJson } from '../output/run-json';
import { useTimeZone, withTimeZoneOption } from '../time-zone';

interface Args extends GlobalOptions {
  run: string;
  items: number;
  tz?: string;
}

/** `llm-eval runs show <run>` */
export const runsShowCommand: CommandModule<GlobalOptions, Args> = {
  command: 'show <run>',
  describe: 'Show a run: summary, timing, per-metric statistics and errors, slowest and failed items',
  builder: (y) =>
    withTimeZoneOption(y)
      .positional('run', { type: 'string', demandOption: true, describe: 'Run id, unique id prefix, exact run name, latest or latest~N' })
      .option('items', { ...numeric('--items', { integer: true, min: 0, max: 1000 }), default: 5, describe: 'How many slowest and failed items to list (0–1000)' })
      .example('$0 runs show latest', '')
      .example('$0 runs show 3f2a9c1e --json', '')
      .epilogue(`--json prints { run, slowestItems, failedItems, failedTotal, metricErrors } (metricErrors: per metric, its most frequent error messages as { message, count }, up to 10); ${RUN_DURATION_JSON_NOTE}.`),
  handler: handle<Args>(async (argv) => {
    const zone = useTimeZone(argv.tz, { needed: false });
    await withExistingDatabase(argv, async (db) => {
      const details = await loadRunDetails(db, await resolveRun(db, argv.run), argv.items);
      if (argv.json) return printJson({ ...details, run: runJson(details.run) });
      await printRunDetails(db, details, argv.color, zone);
    });
  }),
};
