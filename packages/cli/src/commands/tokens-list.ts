import type { CommandModule } from 'yargs';
import { withExistingDatabase } from '../database';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { colors } from '../output/color';
import { print, printJson } from '../output/print';
import { renderTable } from '../output/table';
import { tokenHead, tokenJson, tokenRow } from '../output/token-rows';
import { useTimeZone, withTimeZoneOption } from '../time-zone';
import { onSameDatabase } from '../same-database';

/** `llm-eval tokens list` */
export const tokensListCommand: CommandModule<GlobalOptions, GlobalOptions & { tz?: string }> = {
  command: 'list',
  describe: 'API tokens, newest first, with role, projects, expiry, last use and state (never their secrets)',
  builder: (y) =>
    withTimeZoneOption(y)
      .example('$0 tokens list', '')
      .example('$0 tokens list --json | jq \'.tokens[] | select(.state == "active") | .prefix\'', '')
      .epilogue(
        '--json prints { tokens: [{ id, name, prefix, role, projects, createdBy, createdAt, expiresAt, revokedAt, ' +
          'lastUsedAt, state }] }; projects is "*" or a list of ids; state is active, expired or revoked. Last use is ' +
          'recorded at most once a minute.',
      ),
  handler: handle(async (argv) => {
    const zone = useTimeZone(argv.tz, { needed: false });
    const now = Date.now();
    const tokens = (await withExistingDatabase(argv, (db) => db.tokens.list())).map((t) => tokenJson(t, now));
    if (argv.json) return printJson({ tokens });
    if (tokens.length === 0) return print(`No API tokens yet. Create one with: ${onSameDatabase('tokens create --name ci --project <id> --role viewer')}`);
    const c = colors(argv.color);
    print(renderTable(tokenHead(zone), tokens.map((t) => tokenRow(t, zone)), { color: c.isColorSupported }));
    const active = tokens.filter((t) => t.state === 'active').length;
    print(`${tokens.length} token(s), ${active} active.`);
  }),
};
