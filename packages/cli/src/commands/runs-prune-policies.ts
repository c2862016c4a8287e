import type { PrunedRun } from '@llm-eval/storage';
import { cliAudit } from '../access/cli-actor';
import { withExistingDatabase } from '../database';
import type { GlobalOptions } from '../global-options';
import { colors } from '../output/color';
import { shortId, when } from '../output/format';
import { note, print, printJson } from '../output/print';
import { policyText } from '../output/retention-rows';
import { confirmDeletion, previewWriter } from './runs-delete';
import { useTimeZone } from '../time-zone';
import { onSameDatabase } from '../same-database';

/** How many runs the preview names one by one. */
const PREVIEW_RUNS = 20;

/**
 * `runs prune --apply-policies`: shows what every project's retention policy would delete, asks (or takes --yes),
 * then applies the policies; storage deletes in batches and audits each run as `run.pruned` in its transaction.
 */
export async function applyRetentionPolicies(argv: GlobalOptions & { dryRun?: boolean; yes?: boolean; tz?: string }): Promise<number> {
  const dryRun = argv.dryRun === true;
  const zone = useTimeZone(argv.tz, { needed: false });
  return withExistingDatabase(argv, async (db) => {
    const audit = cliAudit();
    const c = colors(argv.color);
    const show = previewWriter(argv.json);
    const report = (deleted: number, runs: PrunedRun[], matched = runs.length) => {
      if (argv.json) printJson({ matched, deleted, dryRun, runs });
    };
    const policies = await db.retention.list();
    if (policies.length === 0) {
      report(0, []);
      if (!argv.json) print(`No retention policies; nothing to apply. Set one with: ${onSameDatabase('projects set-retention <project> 90d')}`);
      return 0;
    }
    const due = (await db.retention.apply({ audit, dryRun: true })).deleted;
    for (const policy of policies) {
      const count = due.filter((r) => r.projectId === policy.projectId).length;
      show(`  ${policy.projectId}: ${policyText(policy)} — ${c.bold(String(count))} run(s)`);
    }
    if (due.length === 0) {
      report(0, []);
      if (!argv.json) print('No runs are past their project\'s retention.');
      return 0;
    }
    for (const run of due.slice(0, PREVIEW_RUNS)) show(`  ${shortId(run.runId)}  ${run.projectId}  ${run.name}  ${run.status} · created ${when(run.createdAt, zone)} ${zone}`);
    if (due.length > PREVIEW_RUNS) show(`  … and ${due.length - PREVIEW_RUNS} more`);
    if (dryRun) {
      report(0, due);
      if (!argv.json) print(`Dry run: ${due.length} run(s) would be deleted; nothing deleted.`);
      return 0;
    }
    if (!(await confirmDeletion(due.length, argv.yes))) {
      note('Nothing deleted.');
      return 1;
    }
    const { deleted } = await db.retention.apply({ audit });
    report(deleted.length, deleted, due.length);
    if (!argv.json) print(`Deleted ${deleted.length} run(s) past their project's retention (audited as run.pruned).`);
    return 0;
  });
}
