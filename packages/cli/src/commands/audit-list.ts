import type { AuditListOptions } from '@llm-eval/storage';
import type { CommandModule } from 'yargs';
import { withExistingDatabase } from '../database';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { numeric } from '../numeric-option';
import { auditHead, auditJson, auditRow } from '../output/audit-rows';
import { colors } from '../output/color';
import { note, print, printJson } from '../output/print';
import { renderTable } from '../output/table';
import { AGE_UNITS, parseWhen } from './parse-when';
import { useTimeZone, withTimeZoneOption } from '../time-zone';
import { moreHint } from '../output/more-hint';

interface Args extends GlobalOptions {
  since?: string;
  actor?: string;
  action?: string;
  limit: number;
  cursor?: string;
  tz?: string;
}

/**
 * The actions the audit log records (AUDIT_ACTIONS of @llm-eval/models), in its order, written out so that --help loads
 * no storage code; test/audit-list-actions.test.ts holds it equal to the list storage checks --action against.
 */
const AUDIT_ACTIONS = [
  'run.created',
  'run.imported',
  'run.deleted',
  'run.pruned',
  'run.cancelled',
  'run.updated',
  'token.created',
  'token.revoked',
  'retention.set',
  'retention.cleared',
  'auth.failed',
  'audit.pruned',
] as const;

/** `llm-eval audit list` */
export const auditListCommand: CommandModule<GlobalOptions, Args> = {
  command: 'list',
  describe: 'Audit entries, newest first: runs created, imported, updated, deleted, pruned and cancelled, tokens, retention, failed sign-ins',
  builder: (y) =>
    withTimeZoneOption(y)
      .option('since', { type: 'string', requiresArg: true, describe: `Entries from this age (${AGE_UNITS}) or date (2026-11-01, today, yesterday, an ISO time) on` })
      .option('actor', { type: 'string', requiresArg: true, describe: 'Only this actor: cli:<os user>, token:<name>, a proxy user, server:retention' })
      .option('action', {
        type: 'string',
        requiresArg: true,
        describe: `Only this action: ${AUDIT_ACTIONS.join(', ')}`,
      })
      .option('limit', { ...numeric('--limit', { integer: true, min: 1, max: 1000 }), default: 100, describe: 'Entries per page (1-1000)' })
      .option('cursor', { type: 'string', requiresArg: true, describe: 'The nextCursor of a previous --json page' })
      .example('$0 audit list --since 7d --action run.deleted', '')
      .example('$0 audit list --actor cli:ada --json', '{ entries: [...], nextCursor }')
      .epilogue(
        '--json prints { entries: [{ id, at, actor, action, targetType, targetId, projectId, correlationId, outcome, ' +
          'details }], nextCursor }; pass nextCursor to --cursor for the next page. Reading the log is not audited.',
      ),
  handler: handle<Args>(async (argv) => {
    const zone = useTimeZone(argv.tz, { needed: argv.since !== undefined });
    const since = argv.since === undefined ? undefined : parseWhen(String(argv.since), 'since', 'lower-bound');
    const page = await withExistingDatabase(argv, (db) =>
      db.audit.list({
        since,
        actor: argv.actor === undefined ? undefined : String(argv.actor),
        // Checked by storage (a usage error naming every action).
        action: argv.action as AuditListOptions['action'],
        limit: argv.limit,
        cursor: argv.cursor === undefined ? undefined : String(argv.cursor),
      }),
    );
    const entries = page.entries.map(auditJson);
    if (argv.json) return printJson({ entries, nextCursor: page.nextCursor });
    if (entries.length === 0) return print('No audit entries match.');
    print(renderTable(auditHead(zone), entries.map((e) => auditRow(e, zone)), { color: colors(argv.color).isColorSupported }));
    print(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}.`);
    if (page.nextCursor) note(moreHint(page.nextCursor, argv.cursor));
  }),
};
