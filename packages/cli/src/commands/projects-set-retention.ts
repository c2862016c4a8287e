import type { CommandModule } from 'yargs';
import { cliAudit } from '../access/cli-actor';
import { refuseInMemoryDatabase, withDatabase } from '../database';
import { parseRetentionDays } from '../durations';
import { CliError } from '../errors';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { print, printJson } from '../output/print';
import { policyText } from '../output/retention-rows';
import { PROJECT_ID, projectExists } from '../project-exists';
import { onSameDatabase } from '../same-database';

/** The statuses a policy may delete (storage's FINISHED_RUN_STATUSES): running runs never go. */
const FINISHED = ['completed', 'failed', 'cancelled'] as const;

interface Args extends GlobalOptions {
  project?: string;
  maxAge?: string;
  status?: string[];
}

/** `--status failed,cancelled` (or repeated) → statuses; none given → null (every finished status). */
function parseStatuses(value: string[] | undefined): Array<(typeof FINISHED)[number]> | null {
  if (value === undefined) return null;
  const parts = value.flatMap((v) => String(v).split(',')).map((s) => s.trim());
  const bad = parts.find((s) => !(FINISHED as readonly string[]).includes(s));
  if (parts.length === 0 || bad !== undefined) {
    throw new CliError(`--status must be ${FINISHED.join(', ')} (comma-separated); running runs are never deleted${bad ? `, and "${bad.slice(0, 40)}" is not one` : ''}.`, 2);
  }
  return [...new Set(parts)] as Array<(typeof FINISHED)[number]>;
}

/** `llm-eval projects set-retention alpha 90d [--status failed]` */
export const projectsSetRetentionCommand: CommandModule<GlobalOptions, any> = {
  command: 'set-retention <project> <max-age>',
  describe: "Keep a project's finished runs only so long; applied by runs prune --apply-policies and serve --retention-interval",
  builder: (y) =>
    y
      .positional('project', { type: 'string', demandOption: true, describe: 'The project id' })
      .positional('max-age', { type: 'string', demandOption: true, describe: 'Runs created longer ago are deleted: 90d, 12w, 1y (365 days)' })
      .option('status', { type: 'string', array: true, requiresArg: true, describe: 'Only runs of these statuses: completed, failed, cancelled (default: all three)' })
      .example('$0 projects set-retention alpha 90d', 'finished runs of alpha older than 90 days go')
      .example('$0 projects set-retention alpha 14d --status failed,cancelled', 'failed and cancelled runs go after two weeks')
      .epilogue('Replaces the project\'s policy if it had one; audited as retention.set. --json prints { policy: { projectId, maxAgeDays, statuses, updatedAt, updatedBy } }.'),
  handler: handle<Args>(async (argv) => {
    const maxAgeDays = parseRetentionDays(String(argv.maxAge));
    const statuses = parseStatuses(argv.status);
    refuseInMemoryDatabase(argv, 'write');
    const project = String(argv.project);
    const policy = await withDatabase(argv, async (db) => {
      // A typo (`alpah`) would set a policy that protects nothing. A malformed id is left to storage, which says why.
      if (PROJECT_ID.test(project) && !(await projectExists(db, project))) {
        throw new CliError(`Project ${project} does not exist, so no retention policy was set; see ${onSameDatabase('projects list')}`);
      }
      return db.retention.set(project, { maxAgeDays, statuses }, cliAudit());
    });
    if (argv.json) return printJson({ policy });
    print(`Retention of project ${policy.projectId}: ${policyText(policy)} are deleted by ${onSameDatabase('runs prune --apply-policies')}.`);
  }),
};
