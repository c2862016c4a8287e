import type { CommandModule } from 'yargs';
import { cliAudit } from '../access/cli-actor';
import { shownTokenReference } from '../access/redact-secrets';
import { withExistingDatabase } from '../database';
import { CliError } from '../errors';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { colors } from '../output/color';
import { print, printJson } from '../output/print';
import { tokenJson } from '../output/token-rows';

interface Args extends GlobalOptions {
  token: string;
}

/** `llm-eval tokens revoke <id|prefix>` */
export const tokensRevokeCommand: CommandModule<GlobalOptions, Args> = {
  command: 'revoke <token>',
  describe: 'Revoke an API token at once (it answers 401 from then on); audited',
  builder: (y) =>
    y
      .positional('token', { type: 'string', demandOption: true, describe: 'The token\'s id or its prefix as tokens list shows it (lle_ and 8 characters)' })
      .example('$0 tokens revoke lle_3fA9c1eX', '')
      .example('$0 tokens revoke 0b6f1a52-7c1e-4f43-9d0e-6a1c2b3d4e5f --json', '{ token: {..., state: "revoked"} }'),
  handler: handle<Args>(async (argv) => {
    const reference = String(argv.token);
    const revoked = await withExistingDatabase(argv, (db) =>
      db.tokens.revoke(reference, cliAudit()).catch((error: unknown) => {
        // Storage quotes 40 characters of a reference that is not secret-shaped: a secret pasted without its lle_ is
        // not, and most of it would be printed back. Quote no more of it than could be an id or a prefix.
        if ((error as Error)?.name !== 'TokenNotFoundError') throw error;
        throw new CliError(`No API token has the id or prefix "${shownTokenReference(reference)}". List tokens with \`llm-eval tokens list\`.`);
      }),
    );
    const token = tokenJson(revoked);
    if (argv.json) return printJson({ token });
    print(`${colors(argv.color).green('revoked')} token ${token.name} (id ${token.id}, prefix ${token.prefix})`);
  }),
};
