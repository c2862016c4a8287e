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

  // yargs reads -h among the letters as the help option: it printed the command's help and exited 0 before any
  // check, so `tokens revoke` of such a secret revoked nothing and reported success.
  it.each([
    [['tokens', 'revoke']],
    [['runs', 'delete', '--yes']],
    [['projects', 'show']],
  ])('%j with a secret that holds an "h" fails instead of printing the help', async (command) => {
    const body = dashedSecret().slice(1);
    const secret = `-${body.slice(0, 20)}h${body.slice(20)}`;
    const outcome = await runCli([...command, secret, '--database-url', 'sqlite:///:memory:']);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain(`An argument of ${secret.length} characters that starts with "-" was read as one-letter options`);
    expect(outcome.stderr).toContain(`Run llm-eval ${command.slice(0, 2).join(' ')} --help for usage.`);
    expect(pieces(secret).filter((piece) => outcome.stderr.includes(piece))).toEqual([]);
  });

  it('a negative age with an "h" is refused by the age check, not answered with the help', async () => {
    const outcome = await runCli(['projects', 'set-retention', 'team-a', '-12h', '--database-url', 'sqlite:///:memory:']);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain('<max-age> "-12h" must be an age greater than 0');
    const short = await runCli(['tokens', 'revoke', '-1h', '--database-url', 'sqlite:///:memory:']);
    expect({ code: short.code, stdout: short.stdout }).toEqual({ code: 2, stdout: '' });
    // An option's age is joined to its option first (--since=-1h): its check, not this one, judges it.
    const since = await runCli(['runs', 'list', '--since', '-1h', '--database-url', 'sqlite:///:memory:']);
    expect({ code: since.code, stdout: since.stdout }).toEqual({ code: 2, stdout: '' });
    expect(since.stderr).toContain('--since "-1h" must be an age greater than 0');
  });

  it('a cluster of real one-letter options with -h still prints the help', async () => {
    const outcome = await runCli(['runs', 'delete', '-yh', '--database-url', 'sqlite:///:memory:']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('llm-eval runs delete <runs..>');
  });

  it('a short unknown option is still named, with the closest long option', async () => {
    const outcome = await runCli(['runs', 'list', '-x', '--limt', '3', '--database-url', 'sqlite:///:memory:']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('Unknown options -x, --limt (did you mean --limit?)');
  });
});
