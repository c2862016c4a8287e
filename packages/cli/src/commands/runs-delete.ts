import type { CommandModule } from 'yargs';
import type { RunRecord } from '@llm-eval/storage';
import { cliAudit } from '../access/cli-actor';
import type { GlobalOptions } from '../global-options';
import { resolveRun, withExistingDatabase } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { colors } from '../output/color';
import { shortId, when } from '../output/format';
import { note, print, printJson } from '../output/print';
import { useTimeZone, withTimeZoneOption } from '../time-zone';
import { liveRunList, liveRuns, onlyUpdateKnown, writerOf } from '../run-writers';
import { onSameDatabase } from '../same-database';

interface Args extends GlobalOptions {
  runs?: string[];
  yes?: boolean;
  force?: boolean;
  tz?: string;
}

/**
 * Asks `Delete N run(s)? [y/N]` on the terminal; true with --yes. Without --yes off a terminal (a script, a pipe)
 * it refuses, so nothing is deleted by accident. Shared by `runs delete` and `runs prune`.
 */
export async function confirmDeletion(count: number, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) throw new CliError('refusing to delete without --yes when not on a terminal', 2);
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    // End of input (Ctrl-D) counts as "no".
    const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
    const answer = await Promise.race([rl.question(`Delete ${count} run(s)? [y/N] `), closed]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Preview lines go to stdout, or to stderr with --json so stdout stays one JSON document. */
export function previewWriter(json: boolean | undefined): (line: string) => void {
  return json ? note : print;
}

/** The refusal of `runs delete` without --force (exit 1: the runs' state, not the command line, is in the way). */
function liveRunsRefusal(live: RunRecord[]): CliError {
  const list = liveRunList(live);
  const cancel = live.length === 1 ? onSameDatabase(`runs cancel ${shortId(live[0]!.id)}`) : `${onSameDatabase('runs cancel <run>')} for each`;
  // Runs known to run only by their last update (a script that used the storage API, and may have died) go once
  // the heartbeat timeout has passed: waiting is then a way on, and no writer is known to fail after a --force.
  // Shown as abandoned (silent past the heartbeat timeout) while its process still exists here: a cancel is refused
  // (it is not running), so the way out is the process itself or --force.
  const advice = live.some((run) => run.status === 'abandoned')
    ? `A run shown as abandoned here has sent no heartbeat for longer than LLM_EVAL_HEARTBEAT_TIMEOUT, yet its writer's ` +
      `process still exists on this host (a task stuck in a loop, or another process given the same id): stop that ` +
      `process, or pass --force to delete it now.`
    : live.every(onlyUpdateKnown)
      ? `Wait until then (it then counts as abandoned and is deleted like any other run), cancel it first (${cancel}), or pass --force to delete it now.`
      : `Cancel first (${cancel}), or pass --force to delete while the writer runs (it then fails to store its remaining items).`;
  const what = live.every((run) => run.status === 'abandoned') ? "shown as abandoned whose writer's process still exists" : 'still running';
  return new CliError(`refusing to delete ${live.length === 1 ? 'run' : `${live.length} runs`} ${what}: ${list}; nothing was deleted. ${advice}`);
}

/** `llm-eval runs delete <runs..>` */
export const runsDeleteCommand: CommandModule<GlobalOptions, any> = {
  command: 'delete <runs..>',
  describe: 'Delete runs with their items, metrics and tags (asks first; --yes in scripts); audited as run.deleted',
  builder: (y) =>
    withTimeZoneOption(y)
      .positional('runs', { type: 'string', demandOption: true, default: undefined, describe: 'Run ids, unique id prefixes, exact run names, latest or latest~N' })
      .option('yes', { type: 'boolean', alias: 'y', describe: 'Delete without asking (required when not on a terminal)' })
      .option('force', { type: 'boolean', describe: 'Delete even a run still running with a live writer (that evaluate then fails to store)' })
      .example('$0 runs delete 3f2a9c1e latest~1', 'asks before deleting')
      .example('$0 runs delete latest --yes --json', '{ deleted: [ids] }')
      .epilogue(
        'A run still running whose writer is alive (its process exists on this host, or it sent a heartbeat within ' +
          'LLM_EVAL_HEARTBEAT_TIMEOUT) is refused with exit 1 and nothing is deleted: cancel it first (llm-eval runs cancel <run>) ' +
          'or pass --force. A run that records no writer (made through the storage API) counts as running until ' +
          'LLM_EVAL_HEARTBEAT_TIMEOUT has passed since it was last updated. An abandoned run (writer gone) is deleted like any other.',
      ),
  handler: handle<Args>(async (argv) => {
    const zone = useTimeZone(argv.tz, { needed: false });
    return withExistingDatabase(argv, async (db) => {
      const ids: string[] = [];
      for (const reference of (argv.runs ?? []).map(String)) {
        const id = await resolveRun(db, reference);
        if (!ids.includes(id)) ids.push(id);
      }
      const runs = await Promise.all(ids.map((id) => db.runs.requireRun(id)));
      const live = await liveRuns(db, runs);
      if (live.length && !argv.force) throw liveRunsRefusal(live);
      const c = colors(argv.color);
      const show = previewWriter(argv.json);
      show(`${runs.length} run(s) to delete:`);
      for (const run of runs) {
        show(`  ${shortId(run.id)}  ${c.bold(run.name)}  ${run.totalItems} items · ${run.status} · created ${when(run.createdAt, zone)} ${zone}`);
      }
      if (!(await confirmDeletion(ids.length, argv.yes))) {
        note('Nothing deleted.');
        return 1;
      }
      const deleted = await db.runs.deleteRuns(ids, cliAudit());
      for (const run of live) {
        const after = onlyUpdateKnown(run) ? 'a script still writing it now fails at its next write' : 'that evaluation now fails to store the rest of its items';
        note(`note: run ${shortId(run.id)} was still running (${writerOf(run)}); ${after}.`);
      }
      if (argv.json) printJson({ deleted: ids });
      else print(`Deleted ${deleted} run(s).`);
      return 0;
    });
  }),
};
