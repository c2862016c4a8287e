import type { CommandModule } from 'yargs';
import type { Database, RunRecord } from '@llm-eval/storage';
import type { GlobalOptions } from '../global-options';
import { resolveRun, withExistingDatabase } from '../database';
import { handle } from '../handle';
import { colors } from '../output/color';
import { shortId } from '../output/format';
import { note, print, printJson } from '../output/print';
import { terminalField } from '../output/terminal-text';
import { storage } from '../libraries';
import { unrecordedWriter, writerRecorded } from '../run-writers';

interface Args extends GlobalOptions {
  runs?: string[];
  dryRun?: boolean;
  force?: boolean;
}

/** One run in the --json output. */
interface RecoveredEntry {
  runId: string;
  name: string;
  items: number;
  status: string;
  reason: string;
}

interface SkippedEntry {
  runId: string;
  name: string | null;
  error: string;
}

/** The run's writer for the dry run's reason: its process, or that none is recorded. */
function writerName(run: RunRecord): string {
  return writerRecorded(run) ? `process ${run.writerPid} on ${run.writerHost}` : 'no writer recorded';
}

/** The runs to settle: the ones named, else every abandoned run. */
async function candidates(db: Database, references: string[]): Promise<RunRecord[]> {
  if (references.length === 0) return db.runs.findAbandonedRuns();
  const runs: RunRecord[] = [];
  for (const reference of references) {
    const id = await resolveRun(db, reference);
    if (!runs.some((r) => r.id === id)) runs.push(await db.runs.requireRun(id));
  }
  return runs;
}

/** Why a run would be refused, or undefined when it can be recovered. */
function refusal(run: RunRecord, force: boolean | undefined, now: Date): string | undefined {
  if (run.status !== 'running' && run.status !== 'abandoned') return `run ${run.id} is ${run.status}, not running: nothing to recover`;
  if (!force && storage().writerMayBeAlive(run, now)) {
    if (!writerRecorded(run)) return `run ${run.id} may still be in progress: ${unrecordedWriter(run)}; wait until then, or pass --force to recover it anyway`;
    return `run ${run.id} may still be in progress (${writerName(run)} is alive); pass --force to recover it anyway`;
  }
  return undefined;
}

/** `llm-eval runs recover [runs..]` */
export const runsRecoverCommand: CommandModule<GlobalOptions, any> = {
  command: 'recover [runs..]',
  describe: 'Settle interrupted runs (status abandoned) from the items they stored: status, totals, statistics',
  builder: (y) =>
    y
      .positional('runs', { type: 'string', array: true, describe: 'Run ids, unique id prefixes, exact run names, latest or latest~N (default: every abandoned run)' })
      .option('dry-run', { type: 'boolean', describe: 'Show what would be recovered; change nothing' })
      .option('force', { type: 'boolean', describe: 'Recover even a run whose writer process still exists or still beats' })
      .example('$0 runs recover', 'every abandoned run')
      .example('$0 runs recover 3f2a9c1e --dry-run --json', '{ dryRun, recovered: [{ runId, name, items, status, reason }], skipped: [{ runId, name, error }] }')
      .epilogue(
        'A run is abandoned when it is stored as running but its writer is gone: on this host its process no longer exists, ' +
          'or it has sent no heartbeat for LLM_EVAL_HEARTBEAT_TIMEOUT (seconds, or 90s / 2m / 1h; default 120 s). A recovered run ' +
          'gets status failed, a status reason saying it was interrupted, and totals, per-metric statistics and a duration ' +
          '(first item start to last item end) computed from its stored items.',
      ),
  handler: handle<Args>(async (argv) => {
    return withExistingDatabase(argv, async (db) => {
      const c = colors(argv.color);
      const runs = await candidates(db, (argv.runs ?? []).map(String));
      // Writers are judged by the database's clock, as storage stamps heartbeats (see liveRuns).
      const now = await storage().databaseNow(db.dataSource);
      const recovered: RecoveredEntry[] = [];
      const skipped: SkippedEntry[] = [];
      for (const run of runs) {
        const refused = refusal(run, argv.force, now);
        if (refused) {
          skipped.push({ runId: run.id, name: run.name, error: refused });
          continue;
        }
        if (argv.dryRun) {
          recovered.push({ runId: run.id, name: run.name, items: run.totalItems, status: 'failed', reason: `would recover (${writerName(run)})` });
          continue;
        }
        try {
          const outcome = await db.runs.recoverRun(run.id, { force: argv.force });
          recovered.push({ runId: run.id, name: run.name, items: outcome.items, status: outcome.status, reason: outcome.reason });
        } catch (error) {
          skipped.push({ runId: run.id, name: run.name, error: (error as Error).message });
        }
      }
      if (argv.json) printJson({ dryRun: !!argv.dryRun, recovered, skipped });
      else {
        const verb = argv.dryRun ? 'would recover' : 'recovered';
        for (const r of recovered) print(`${c.green(verb)} ${shortId(r.runId)}  ${c.bold(r.name)}  ${r.items} items → ${r.status}`);
        for (const s of skipped) note(`${c.yellow('skipped')} ${shortId(s.runId)}  ${terminalField(s.error)}`);
        if (runs.length === 0) print('No abandoned runs.');
        else print(`${argv.dryRun ? 'Would recover' : 'Recovered'} ${recovered.length} run(s)${skipped.length ? `, skipped ${skipped.length}` : ''}.`);
      }
      return skipped.length ? 1 : 0;
    });
  }),
};
