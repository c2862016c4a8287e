import type { CommandModule } from 'yargs';
import { cliActor } from '../access/cli-actor';
import { withExistingDatabase } from '../database';
import { CliError } from '../errors';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { when } from '../output/format';
import { print, printJson } from '../output/print';
import { AGE_UNITS, parseWhen } from './parse-when';
import { useTimeZone, withTimeZoneOption } from '../time-zone';

interface Args extends GlobalOptions {
  before: string;
  yes?: boolean;
  tz?: string;
}

/** `llm-eval audit prune --before 365d --yes` */
export const auditPruneCommand: CommandModule<GlobalOptions, Args> = {
  command: 'prune',
  describe: 'Delete audit entries older than an age or date (an admin command; it leaves its own audit.pruned entry)',
  builder: (y) =>
    withTimeZoneOption(y)
      .option('before', { type: 'string', demandOption: true, requiresArg: true, describe: `Entries older than this age (${AGE_UNITS}) or date (2026-11-01, today, yesterday, an ISO time; local midnight) go` })
      .option('yes', { type: 'boolean', alias: 'y', describe: 'Required: audit entries deleted are gone for good' })
      .example('$0 audit prune --before 365d --yes', 'keep one year of audit log')
      .epilogue('--json prints { deleted, before }. The prune is recorded as an audit.pruned entry naming who pruned and up to when.'),
  handler: handle<Args>(async (argv) => {
    const zone = useTimeZone(argv.tz);
    const before = parseWhen(String(argv.before), 'before', 'upper-bound-of-what-goes');
    if (!argv.yes) {
      throw new CliError(`audit prune deletes every audit entry created before ${when(before, zone)} ${zone} for good; add --yes to do it.`, 2);
    }
    const deleted = await withExistingDatabase(argv, (db) => db.audit.prune({ before, actor: cliActor() }));
    if (argv.json) return printJson({ deleted, before });
    print(`Deleted ${deleted} audit entr${deleted === 1 ? 'y' : 'ies'} created before ${when(before, zone)} ${zone} (recorded as audit.pruned).`);
  }),
};
