import { randomBytes } from 'node:crypto';
import { runCli } from './cli-process';

// A token secret pasted without its `lle_` can start with "-" (one in 64). yargs then reads it as one-letter options,
// and the usage error listed each of them ("Unknown options -0, -1, -6, -x, …"): every distinct character of the
// secret. The error now says what happened without repeating any of it.
describe('an argument of one dash and many characters is not echoed as options', () => {
  /** A secret-like argument: "-" and 42 base64url characters, without "h" (-h is the help option and prints help). */
  const dashedSecret = () => `-${randomBytes(48).toString('base64url').replace(/[h-]/g, 'Q').slice(0, 42)}`;
  /** Every run of 4 characters of the secret: none may appear in the output. */
  const pieces = (secret: string) => Array.from({ length: secret.length - 4 }, (_, i) => secret.slice(i + 1, i + 5));

  it.each([
    [['tokens', 'revoke']],
    [['runs', 'show']],
    [['runs', 'delete', '--yes']],
    [['projects', 'show']],
  ])('%j with the secret', async (command) => {
    const secret = dashedSecret();
    const outcome = await runCli([...command, secret, '--database-url', 'sqlite:///:memory:']);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain(`An argument of ${secret.length} characters that starts with "-" was read as one-letter options`);
    expect(outcome.stderr).toContain('a value cannot start with "-" here');
    const leaked = pieces(secret).filter((piece) => outcome.stderr.includes(piece));
    expect({ leaked, listsLetters: /Unknown options? -/.test(outcome.stderr) }).toEqual({ leaked: [], listsLetters: false });
  });

  it('a short unknown option is still named, with the closest long option', async () => {
    const outcome = await runCli(['runs', 'list', '-x', '--limt', '3', '--database-url', 'sqlite:///:memory:']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('Unknown options -x, --limt (did you mean --limit?)');
  });
});
