import type { CommandModule } from 'yargs';
import { cliActor } from '../access/cli-actor';
import { parseProjects, projectsText, refuseSecret, ROLE_CHOICES, ROLE_HELP } from '../access/access-options';
import { refuseInMemoryDatabase, withDatabase } from '../database';
import { parseExpiry } from '../durations';
import { CliError } from '../errors';
import type { GlobalOptions } from '../global-options';
import { handle } from '../handle';
import { colors } from '../output/color';
import { when } from '../output/format';
import { note, print, printJson } from '../output/print';
import { tokenJson } from '../output/token-rows';
import { useTimeZone, withTimeZoneOption } from '../time-zone';
import { onSameDatabase } from '../same-database';

interface Args extends GlobalOptions {
  name: string;
  project: string[];
  role: (typeof ROLE_CHOICES)[number];
  expires?: string;
  tz?: string;
}

/** `llm-eval tokens create --name ci --project alpha --role editor` */
export const tokensCreateCommand: CommandModule<GlobalOptions, Args> = {
  command: 'create',
  describe: 'Create an API token; its secret is printed this once (only a hash is stored)',
  builder: (y) =>
    withTimeZoneOption(y)
      .option('name', { type: 'string', demandOption: true, requiresArg: true, describe: 'A label (1-100 characters), e.g. ci or alice-laptop' })
      .option('project', {
        type: 'string',
        array: true,
        demandOption: true,
        requiresArg: true,
        describe: 'Projects the token may reach: ids, comma-separated (alpha,beta), or "*" for every project',
      })
      .option('role', { type: 'string', choices: ROLE_CHOICES, demandOption: true, describe: ROLE_HELP })
      .option('expires', { type: 'string', requiresArg: true, describe: 'When it stops working: an age (90d, 12h, 2w, 6mo, 1y) or a date; default never' })
      .example('$0 tokens create --name ci --project alpha,beta --role editor --expires 90d', '')
      .example("$0 tokens create --name ops --project '*' --role admin --json", '{ token: {...}, secret, usage }')
      .epilogue(
        'Send the secret as `Authorization: Bearer <secret>` to a server started with `llm-eval serve --auth`. ' +
          'It is shown only here: store it in your secret manager now; a lost secret cannot be recovered (revoke the ' +
          'token and create another). --json prints { token: { id, name, prefix, role, projects, createdBy, createdAt, ' +
          'expiresAt, revokedAt, lastUsedAt, state }, secret, usage }.',
      ),
  handler: handle<Args>(async (argv) => {
    const name = String(argv.name ?? '');
    if (name.trim() === '') throw new CliError('--name must be 1 to 100 characters, e.g. --name ci.', 2);
    refuseSecret('--name', name);
    if (Array.isArray(argv.role)) throw new CliError('--role was given more than once; give it once.', 2);
    const projects = parseProjects('--project', argv.project);
    // A date given to --expires is midnight in this zone, and the expiry is printed in it.
    const zone = useTimeZone(argv.tz, { needed: argv.expires !== undefined });
    const expiresAt = argv.expires === undefined ? null : parseExpiry(String(argv.expires));
    // A secret created there could never authenticate anything: refused before one is printed.
    refuseInMemoryDatabase(argv, 'write');
    const actor = cliActor();
    const created = await withDatabase(argv, (db) =>
      db.tokens.create({ name, projects, role: argv.role, expiresAt, createdBy: actor }, { actor }),
    );
    const token = tokenJson(created.token);
    if (argv.json) {
      printJson({ token, secret: created.secret, usage: 'Authorization: Bearer <secret>' });
      return 0;
    }
    const c = colors(argv.color);
    print(`Created token ${c.bold(token.name)} (id ${token.id}, prefix ${token.prefix})`);
    print(`  role ${token.role} on ${projectsText(token.projects)}; expires ${token.expiresAt ? `${when(token.expiresAt, zone)} ${zone}` : 'never'}`);
    print('Its secret, shown this once (only a hash is stored; a lost secret cannot be recovered):');
    print(`  ${created.secret}`);
    print('Send it as the header  Authorization: Bearer <secret>  to a server started with `llm-eval serve --auth`.');
    note(`Revoke it with: ${onSameDatabase(`tokens revoke ${token.prefix}`)}`);
    return 0;
  }),
};
