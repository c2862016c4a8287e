import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { withExistingDatabase } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { RUN_STATUS_CHOICES, STATUS_OPTION_HELP } from '../run-statuses';
import { RUN_SORT_CHOICES } from '../run-sorts';
import { numeric } from '../numeric-option';
import { successRateOption } from '../success-rate-option';
import { colors } from '../output/color';
import { note, print, printJson } from '../output/print';
import { RUN_DURATION_JSON_NOTE, runJson } from '../output/run-json';
import { runHead, runRow, statusColor } from '../output/run-rows';
import { renderTable } from '../output/table';
import { parseWhen } from './parse-when';
import { useTimeZone, withTimeZoneOption } from '../time-zone';
import { moreHint } from '../output/more-hint';

interface Args extends GlobalOptions {
  project?: string;
  dataset?: string;
  model?: string;
  status?: string[];
  tag?: string[];
  createdBy?: string;
  since?: string;
  until?: string;
  minSuccessRate?: number;
  sort?: string;
  asc?: boolean;
  limit: number;
  cursor?: string;
  tz?: string;
}

/** `llm-eval runs list` */
export const runsListCommand: CommandModule<GlobalOptions, Args> = {
  command: 'list',
  describe: 'List runs, newest first, with filters',
  builder: (y) =>
    withTimeZoneOption(y)
      .option('project', { type: 'string', describe: 'Project id' })
      .option('dataset', { type: 'string', describe: 'Dataset name' })
      .option('model', { type: 'string', describe: 'Model name' })
      .option('status', { type: 'string', array: true, choices: RUN_STATUS_CHOICES, describe: STATUS_OPTION_HELP })
      .option('tag', { type: 'string', array: true, describe: 'Runs with all of these tags' })
      .option('created-by', { type: 'string', describe: 'Who created the run' })
      .option('since', { type: 'string', describe: 'Created at or after a past date or age (2026-11-01, today, yesterday, an ISO time, 7d, 24h, 30min, 6mo); a date is midnight in --tz' })
      .option('until', { type: 'string', describe: 'Created before a date or age (2026-11-15, today, yesterday, an ISO time, 1d): --until 2026-11-15 or --until today leaves that day out' })
      .option('min-success-rate', { ...successRateOption('--min-success-rate'), describe: 'Only runs with at least this success rate: a fraction 0–1 (0.8) or a percent (80%)' })
      .option('sort', { type: 'string', choices: RUN_SORT_CHOICES, default: 'createdAt', describe: 'Order (descending unless --asc); ties by id; runs of unknown duration come last in a durationSeconds sort, either way' })
      .option('asc', { type: 'boolean', describe: 'Ascending order (default descending)' })
      .option('limit', { ...numeric('--limit', { integer: true, min: 1, max: 1000 }), default: 20, describe: 'Page size (1–1000)' })
      .option('cursor', { type: 'string', describe: 'nextCursor of the previous page' })
      .example('$0 runs list --project demo --status failed --since 7d', '')
      .example('$0 runs list --since 2026-11-01 --tz Europe/Berlin', 'from midnight in Berlin')
      .example('$0 runs list --since today', "today's runs (from local midnight)")
      .example('$0 runs list --since yesterday --until today', "yesterday's runs")
      .example('$0 runs list --sort totalCost --limit 5', 'the five most expensive runs')
      .example('$0 runs list --json | jq .runs[0].id', '')
      .epilogue(`--json prints { runs, total, nextCursor }; ${RUN_DURATION_JSON_NOTE}.`),
  handler: handle<Args>(async (argv) => {
    // An empty filter would match no run, or read as no filter at all: refused, as evaluate refuses --created-by ''.
    if (argv.createdBy !== undefined && String(argv.createdBy).trim() === '') {
      throw new CliError('--created-by names no one; give who created the runs (e.g. --created-by ada), or leave it out.', 2);
    }
    const zone = useTimeZone(argv.tz, { needed: argv.since !== undefined || argv.until !== undefined });
    // Read before the database opens: a date that cannot work is a usage error whatever the database holds.
    const createdAfter = argv.since ? parseWhen(argv.since, 'since', 'lower-bound') : undefined;
    const createdBefore = argv.until ? parseWhen(argv.until, 'until', 'upper-bound') : undefined;
    await withExistingDatabase(argv, async (db) => {
      const page = await db.runs.listRuns({
        projectId: argv.project,
        datasetName: argv.dataset,
        modelName: argv.model,
        status: argv.status as never,
        tags: argv.tag,
        createdBy: argv.createdBy,
        createdAfter,
        createdBefore,
        minSuccessRate: argv.minSuccessRate,
        sort: argv.sort as never,
        direction: argv.asc ? 'asc' : 'desc',
        limit: argv.limit,
        cursor: argv.cursor,
      });
      if (argv.json) return printJson({ runs: page.runs.map(runJson), total: page.total, nextCursor: page.nextCursor });
      const c = colors(argv.color);
      if (page.runs.length === 0) return print('No runs match.');
      print(renderTable(runHead(zone), page.runs.map((r) => runRow(r, statusColor(c), zone)), { color: c.isColorSupported }));
      print(`${page.runs.length} of ${page.total} run(s).`);
      if (page.nextCursor) note(moreHint(page.nextCursor, argv.cursor));
    });
  }),
};
