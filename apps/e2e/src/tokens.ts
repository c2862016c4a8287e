import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI_BIN } from './serve';

const run = promisify(execFile);

/** An API token as `llm-eval tokens create --json` prints it: its record and the secret shown this once. */
export interface CreatedToken {
  token: { id: string; name: string; prefix: string; role: 'viewer' | 'editor' | 'admin'; projects: string[]; state: string };
  secret: string;
}

/**
 * Creates an API token with the built `llm-eval tokens create` (a real subprocess on the real database), the way an
 * admin would, and returns what it printed.
 */
export async function createToken(
  databaseUrl: string,
  options: { name: string; projects: string[]; role: 'viewer' | 'editor' | 'admin' },
): Promise<CreatedToken> {
  const args = [CLI_BIN, 'tokens', 'create', '--name', options.name, '--project', options.projects.join(','), '--role', options.role];
  const { stdout } = await run(process.execPath, [...args, '--database-url', databaseUrl, '--json'], {
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  const created = JSON.parse(stdout) as CreatedToken;
  if (typeof created.secret !== 'string' || created.secret === '') throw new Error(`llm-eval tokens create printed no secret:\n${stdout}`);
  return created;
}
