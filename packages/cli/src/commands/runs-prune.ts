import type { CommandModule } from 'yargs';
import type { Database, OlderRunsMatch, RunRecord, RunRepository, RunState } from '@llm-eval/storage';
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
import { liveRunList, liveRuns } from '../run-writers';
import { useTimeZone, withTimeZoneOption } from '../time-zone';
import { onSameDatabase } from '../same-database';

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
/** How many runs left alone the note names one by one. */
const NAMED_RUNS = 10;
const NO_RUNS: OlderRunsMatch = { ids: [], total: 0, items: 0, oldest: null, newest: null };

/**
 * The runs stored as running (as readers see them: running or abandoned) created before `before`, in a project: one
 * query per page of 1,000, not one per run.
 */
async function openRunsBefore(db: Database, before: Date, projectId: string | undefined): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await db.runs.listRuns({ status: ['running', 'abandoned'], createdBefore: before, projectId, limit: 1000, cursor });
    runs.push(...page.runs);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return runs;
}

/** `match` with `runs` added: their count, items, and the oldest and newest creation time. */
function withRuns(match: OlderRunsMatch, runs: readonly RunRecord[]): OlderRunsMatch {
  const times = [match.oldest, match.newest, ...runs.map((run) => run.createdAt)].filter((t): t is Date => t !== null).map((t) => t.getTime());
  return {
    ids: match.ids,
    total: match.total + runs.length,
    items: match.items + runs.reduce((sum, run) => sum + run.totalItems, 0),
    oldest: times.length ? new Date(Math.min(...times)) : null,
    newest: times.length ? new Date(Math.max(...times)) : null,
  };
}

/** `llm-eval runs prune --older-than 30d`, or `--apply-policies` for the projects' retention policies. */
export const runsPruneCommand: CommandModule<GlobalOptions, any> = {
  command: 'prune',
  describe: "Delete runs created before an age or date (optionally of some statuses or one project), or as the projects' retention policies say",
  builder: (y) =>
    withTimeZoneOption(y)
      .option('older-than', {
        type: 'string',
        describe: `An age (${AGE_UNITS}; "m" alone is refused: minutes or months?) or a past date (2026-10-01, today or yesterday: local midnight; or an ISO time)`,
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
        'Give --older-than or --apply-policies. A run still running with a live writer (its process exists on this host, or it sent a heartbeat ' +
          'within LLM_EVAL_HEARTBEAT_TIMEOUT: what runs delete refuses) is never pruned; each one left alone is named on stderr. Deletions are audited (run.deleted, or run.pruned for a policy) as cli:<os user>. ' +
          'With --apply-policies, --json prints { matched, deleted, dryRun, runs: [{ runId, projectId, name, createdAt, status }] }.',
      ),
  handler: handle<Args>(async (argv) => {
    if (argv.applyPolicies) {
      if (argv.olderThan !== undefined || argv.status !== undefined || argv.project !== undefined) {
        throw new CliError("--apply-policies deletes what each project's policy says: leave out --older-than, --status and --project.", 2);
      }
      return applyRetentionPolicies(argv);
    }
    if (argv.olderThan === undefined) {
      throw new CliError('Missing --older-than <age|date> (or --apply-policies to apply the projects\' retention policies).', 2);
    }
    const zone = useTimeZone(argv.tz);
    const before = parseWhen(argv.olderThan, 'older-than', 'upper-bound-of-what-goes');
    // A run still being written is never pruned (its evaluation would fail at its next batch): `running`, as readers
    // see it, is a running run whose writer is alive; one whose writer is gone is `abandoned` and may go (unless its
    // process still exists on this host: see liveRuns).
    if (argv.status?.includes('running')) {
      throw new CliError(
        `runs prune never deletes running runs (their writer is alive): cancel one first (${onSameDatabase('runs cancel <run>')}) or delete it with ` +
          `${onSameDatabase('runs delete <run> --force')}; running runs whose writer is gone are pruned with --status abandoned.`,
        2,
      );
    }
    const statuses = (argv.status ?? RUN_STATUS_CHOICES.filter((status) => status !== 'running')) as RunState[];
    // Abandoned runs are judged one by one below; the others by the status filter (a stored status, no writer).
    const settled = statuses.filter((status) => status !== 'abandoned');
    const dryRun = argv.dryRun === true;
    return withExistingDatabase(argv, async (db) => {
      // A run stored as running stays while its writer may be alive, as runs delete judges it (liveRuns): the status
      // filter's `abandoned` goes by heartbeat alone, and a writer silent for a while may still be writing.
      const open = await openRunsBefore(db, before, argv.project);
      const live = await liveRuns(db, open);
      const kept = live.filter((run) => argv.status === undefined || argv.status.includes(run.status));
      const abandoned = statuses.includes('abandoned') ? open.filter((run) => run.status === 'abandoned' && !live.includes(run)) : [];
      const filter: PruneFilter = { before, statuses: settled, projectId: argv.project };
      const others = settled.length ? await db.runs.findRunsOlderThan({ ...filter, limit: 1 }) : NO_RUNS;
      const match = withRuns(others, abandoned);
      const c = colors(argv.color);
      const show = previewWriter(argv.json);
      const scope = [argv.status?.length ? `status ${argv.status.join('/')}` : '', argv.project ? `project ${argv.project}` : '']
        .filter(Boolean)
        .join(', ');
      const what = `created before ${when(before, zone)} ${zone}${scope ? ` (${scope})` : ''}`;
      if (kept.length > 0) {
        const named = kept.slice(0, NAMED_RUNS);
        const more = kept.length > named.length ? `, and ${kept.length - named.length} more` : '';
        note(
          `note: ${kept.length} run(s) ${what} are still running with a live writer and are left alone: ${liveRunList(named)}${more} ` +
            `(cancel them first: ${onSameDatabase('runs cancel <run>')}, or delete one with ${onSameDatabase('runs delete <run> --force')}).`,
        );
      }
      if (match.total === 0) {
        if (argv.json) printJson({ matched: 0, deleted: 0, dryRun });
        else print(`No runs ${what}.`);
        return 0;
      }
      show(
        `${c.bold(String(match.total))} run(s) with ${match.items.toLocaleString('en-US')} item(s) ${what}; ` +
          `oldest ${when(match.oldest, zone)}, newest ${when(match.newest, zone)}.`,
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
      let conflicts = 0;
      const deleteBatch = async (ids: string[]): Promise<number> => {
        try {
          return await db.runs.deleteRuns(ids, cliAudit());
        } catch (error) {
          // Someone else deleted one of these meanwhile; look again (a few times at most).
          if ((error as Error)?.name !== 'RunNotFoundError' || ++conflicts > 3) throw error;
          return 0;
        }
      };
      // The abandoned runs, judged again just before they go: a writer may have sent a heartbeat meanwhile.
      let deleted = 0;
      const confirmed = new Set(abandoned.map((run) => run.id));
      const stillAbandoned = abandoned.length
        ? (await openRunsBefore(db, before, argv.project)).filter((run) => confirmed.has(run.id) && run.status === 'abandoned')
        : [];
      const revived = new Set((await liveRuns(db, stillAbandoned)).map((run) => run.id));
      const gone = stillAbandoned.filter((run) => !revived.has(run.id)).map((run) => run.id);
      for (let start = 0; start < gone.length; start += BATCH) deleted += await deleteBatch(gone.slice(start, start + BATCH));
      // Then the others in batches oldest first, each its own transaction, never more runs than were confirmed (runs
      // imported meanwhile with old dates are left for the next prune).
      let settledDeleted = 0;
      while (settledDeleted < others.total) {
        const { ids } = await db.runs.findRunsOlderThan({ ...filter, limit: Math.min(BATCH, others.total - settledDeleted) });
        if (ids.length === 0) break;
        settledDeleted += await deleteBatch(ids);
        if (!argv.json && process.stderr.isTTY && match.total > BATCH) note(`  deleted ${deleted + settledDeleted} of ${match.total}…`);
      }
      deleted += settledDeleted;
      if (argv.json) printJson({ matched: match.total, deleted, dryRun });
      else print(`Deleted ${deleted} run(s).`);
      return 0;
    });
  }),
};
