import type { CommandModule } from 'yargs';
import { withExistingDatabase } from '../database';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { colors } from '../output/color';
import { print, printJson } from '../output/print';
import { retentionHead, retentionRow } from '../output/retention-rows';
import { renderTable } from '../output/table';
import { useTimeZone, withTimeZoneOption } from '../time-zone';
import { onSameDatabase } from '../same-database';

/** `llm-eval projects retention` */
export const projectsRetentionCommand: CommandModule<GlobalOptions, GlobalOptions & { tz?: string }> = {
  command: 'retention',
  describe: 'Every project retention policy',
  builder: (y) =>
    withTimeZoneOption(y)
      .example('$0 projects retention', '')
      .epilogue('--json prints { policies: [{ projectId, maxAgeDays, statuses, updatedAt, updatedBy }] }; statuses null means every finished status.'),
  handler: handle(async (argv) => {
    const zone = useTimeZone(argv.tz, { needed: false });
    const policies = await withExistingDatabase(argv, (db) => db.retention.list());
    if (argv.json) return printJson({ policies });
    if (policies.length === 0) return print(`No retention policies: every run is kept. Set one with: ${onSameDatabase('projects set-retention <project> 90d')}`);
    print(renderTable(retentionHead(zone), policies.map((p) => retentionRow(p, zone)), { color: colors(argv.color).isColorSupported }));
    print(`${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}; apply them with ${onSameDatabase('runs prune --apply-policies')}.`);
  }),
};
