import type { DatabaseConfig } from '../config/database-url';
import { shellWord } from './schema-presence';

/** PostgreSQL's SQLSTATE for a database name the server does not have (invalid_catalog_name). */
const NO_SUCH_DATABASE = '3D000';

/**
 * What to add to the driver's reason when a database cannot be opened, saying how to fix it: a PostgreSQL database that
 * does not exist is created with createdb and then `init` (the `llm-eval db init` command that finds this URL); a
 * refused connection names the server's host:port, since the driver names only the address it resolved. Never holds a
 * password: it is built from the parsed parts, and names the user only as the password-free URL shows it. Undefined when there is nothing to add.
 * @internal
 */
export function openFailureHint(cause: unknown, config: DatabaseConfig, init: string): string | undefined {
  if (config.type !== 'postgres') return undefined;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (code === NO_SUCH_DATABASE) {
    const user = shownUser(config.redactedUrl);
    const userWords = user === undefined ? [] : ['-U', shellWord(user)];
    const createdb = ['createdb', '-h', shellWord(config.host), '-p', String(config.port), ...userWords, shellWord(config.database)].join(' ');
    return `create it with \`${createdb}\`, then run \`${init}\``;
  }
  if (code === 'ECONNREFUSED') {
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return `the server at ${host}:${config.port} refused the connection (is PostgreSQL running there?)`;
  }
  return undefined;
}

/** The user name the password-free URL shows, or undefined where it shows none (or only `***`: taken for a secret). */
function shownUser(redactedUrl: string): string | undefined {
  try {
    const user = decodeURIComponent(new URL(redactedUrl).username);
    return user === '' || user.includes('***') ? undefined : user;
  } catch {
    return undefined;
  }
}
