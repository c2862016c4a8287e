import type { CommandModule } from 'yargs';
import type { RunRepository } from '@llm-eval/storage';
import type { GlobalOptions } from '../global-options';
import { withExistingDatabase } from '../database';
import { handle } from '../handle';
import { RUN_STATUS_CHOICES, STATUS_OPTION_HELP } from '../run-statuses';
import { colors } from '../output/color';
import { when } from '../output/format';
import { note, print, printJson } from '../output/print';
import { cliAudit } from '../access/cli-actor';
import { CliError } from '../errors';
import { AGE_UNITS, parseWhen } from './parse-when';
import { confirmDeletion, previewWriter } from './runs-delete';
import { applyRetentionPolicies } from './runs-prune-policies';
import { checkEnvironment } from '../check-environment';
import { useTimeZone, withTimeZoneOption } from '../time-zone';

interface Args extends GlobalOptions {
  olderThan?: string;
  status?: string[];
  project?: string;
  dryRun?: boolean;
  yes?: boolean;
  applyPolicies?: boolean;
  tz?: string;
}

type PruneFilter = Parameters<RunRepository['findRunsOlderThan']>[0];

// Runs per delete transaction: short transactions keep other writers (a running evaluation) waiting briefly.
const BATCH = 500;

/** `llm-eval runs prune --older-than 30d`, or `--apply-policies` for the projects' retention policies. */
export const runsPruneCommand: CommandModule<GlobalOptions, any> = {
  command: 'prune',
  describe: "Delete runs created before an age or date (optionally of some statuses or one project), or as the projects' retention policies say",
  builder: (y) =>
    withTimeZoneOption(y)
      .option('older-than', {
        type: 'string',
        describe: `An age (${AGE_UNITS}; "m" alone is refused: minutes or months?) or a past date (2026-10-01, local midnight)`,
      })
      .option('status', {
        type: 'string',
        array: true,
        choices: RUN_STATUS_CHOICES,
        describe: `${STATUS_OPTION_HELP}; running runs (a live writer) are never pruned`,
      })
      .option('project', { type: 'string', describe: 'Only runs of this project' })
      .option('apply-policies', {
        type: 'boolean',
        describe: 'Apply every project retention policy (llm-eval projects retention) instead of --older-than; each deletion is audited as run.pruned',
      })
      .option('dry-run', { type: 'boolean', describe: 'Show what would be deleted; delete nothing' })
      .option('yes', { type: 'boolean', alias: 'y', describe: 'Delete without asking (required when not on a terminal)' })
      .example('$0 runs prune --older-than 30d --dry-run', 'what would go')
      .example('$0 runs prune --older-than 2w --status failed cancelled --yes', 'in a cron job')
      .example('$0 runs prune --older-than 2026-01-01 --project demo --json --yes', '{ matched, deleted, dryRun }')
      .example('$0 runs prune --apply-policies --yes', "the projects' retention policies, in a cron job")
      .epilogue(
        'Give --older-than or --apply-policies. A run still running with a live writer is never pruned. Deletions are audited (run.deleted, or run.pruned for a policy) as cli:<os user>. ' +
          'With --apply-policies, --json prints { matched, deleted, dryRun, runs: [{ runId, projectId, name, createdAt, status }] }.',
      ),
  handler: handle<Args>(async (argv) => {
    checkEnvironment();
    if (argv.applyPolicies) {
      if (argv.olderThan !== undefined || argv.status !== undefined || argv.project !== undefined) {
        throw new CliError("--apply-policies deletes what each project's policy says: leave out --older-than, --status and --project.", 2);
      }
      return applyRetentionPolicies(argv);
    }
    if (argv.olderThan === undefined) {
      throw new CliError('Missing --older-than <age|date> (or --apply-policies to apply the projects\' retention policies).', 2);
    }
    useTimeZone(argv.tz);
    const before = parseWhen(argv.olderThan, 'older-than', 'upper-bound-of-what-goes');
    // A run still being written is never pruned (its evaluation would fail at its next batch): `running`, as readers
    // see it, is a running run whose writer is alive; one whose writer is gone is `abandoned` and may go.
    if (argv.status?.includes('running')) {
      throw new CliError(
        'runs prune never deletes running runs (their writer is alive): cancel one first (llm-eval runs cancel <run>) or delete it with ' +
          'llm-eval runs delete <run> --force; running runs whose writer is gone are pruned with --status abandoned.',
        2,
      );
    }
    const statuses = (argv.status ?? RUN_STATUS_CHOICES.filter((status) => status !== 'running')) as PruneFilter['statuses'];
    const filter: PruneFilter = { before, statuses, projectId: argv.project };
    const dryRun = argv.dryRun === true;
    return withExistingDatabase(argv, async (db) => {
      const match = await db.runs.findRunsOlderThan({ ...filter, limit: 1 });
      const c = colors(argv.color);
      const show = previewWriter(argv.json);
      const scope = [argv.status?.length ? `status ${argv.status.join('/')}` : '', argv.project ? `project ${argv.project}` : '']
        .filter(Boolean)
        .join(', ');
      const what = `created before ${when(before)}${scope ? ` (${scope})` : ''}`;
      if (argv.status === undefined) {
        const live = (await db.runs.findRunsOlderThan({ before, statuses: ['running'], projectId: argv.project, limit: 1 })).total;
        if (live > 0) note(`note: ${live} run(s) ${what} are still running with a live writer and are left alone (cancel them first: llm-eval runs cancel <run>).`);
      }
      if (match.total === 0) {
        if (argv.json) printJson({ matched: 0, deleted: 0, dryRun });
        else print(`No runs ${what}.`);
        return 0;
      }
      show(
        `${c.bold(String(match.total))} run(s) with ${match.items.toLocaleString('en-US')} item(s) ${what}; ` +
          `oldest ${when(match.oldest)}, newest ${when(match.newest)}.`,
      );
      if (dryRun) {
        if (argv.json) printJson({ matched: match.total, deleted: 0, dryRun });
        else print('Dry run: nothing deleted.');
        return 0;
      }
      if (!(await confirmDeletion(match.total, argv.yes))) {
        note('Nothing deleted.');
        return 1;
      }
      // Batches oldest first, each its own transaction, never more runs than were confirmed (runs imported
      // meanwhile with old dates are left for the next prune).
      let deleted = 0;
      let conflicts = 0;
      while (deleted < match.total) {
        const { ids } = await db.runs.findRunsOlderThan({ ...filter, limit: Math.min(BATCH, match.total - deleted) });
        if (ids.length === 0) break;
        try {
          deleted += await db.runs.deleteRuns(ids, cliAudit());
        } catch (error) {
          // Someone else deleted one of these meanwhile; look again (a few times at most).
          if ((error as Error)?.name !== 'RunNotFoundError' || ++conflicts > 3) throw error;
        }
        if (!argv.json && process.stderr.isTTY && match.total > BATCH) note(`  deleted ${deleted} of ${match.total}…`);
      }
      if (argv.json) printJson({ matched: match.total, deleted, dryRun });
      else print(`Deleted ${deleted} run(s).`);
      return 0;
    });
  }),
};
