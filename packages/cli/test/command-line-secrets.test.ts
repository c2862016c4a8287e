import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { BIN, startCli, waitFor } from './cli-process';

// `ps` showed the password of a URL given on the command line for as long as the process ran: `llm-eval worker --queue
// redis://:secret@host` or `serve --database-url postgresql://user:secret@db/x`, to every user of the machine. The
// process now shows its command line with the credentials masked. PostgreSQL here trusts local connections, so the
// password given is accepted whatever it is.
const database = useEmptyDatabase('postgres');

test('a running llm-eval shows its command line without the password of a URL it was given', async () => {
  const withPassword = database.url.replace('postgresql://postgres@', 'postgresql://postgres:S3cretPWinArgv@');
  expect(withPassword).toContain('S3cretPWinArgv');
  const cli = startCli(['serve', '--port', '0', '--no-dashboard', `--database-url=${withPassword}`], { killAfterMs: 60_000 });
  try {
    await waitFor('the server to start', async () => /llm-eval serving/.test(cli.output().stdout) || cli.child.exitCode !== null, 30_000);
    expect(cli.output().stdout).toMatch(/llm-eval serving/);
    const shown = readFileSync(`/proc/${cli.child.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    expect(shown).not.toContain('S3cretPWinArgv');
    expect(shown).toContain('--database-url=postgresql://postgres:***@');
    expect(shown).toContain('serve --port 0');
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
});

// A password holding a space, a tab or a line break was shown whole: the check for a URL with credentials wanted no
// white space between `//` and `@`, so the command line was left as typed.
describe('a URL whose password holds white space', () => {
  const SPACED = 'my S3cretPW\tin\nArgv';

  it.each([
    ['as the value after --database-url', (url: string) => ['--database-url', url], '--database-url postgresql://postgres:***@'],
    ['in --database-url=…', (url: string) => [`--database-url=${url}`], '--database-url=postgresql://postgres:***@'],
  ])('is masked in the command line of serve, given %s', async (_, option, expected) => {
    const withPassword = database.url.replace('postgresql://postgres@', `postgresql://postgres:${SPACED}@`);
    const cli = startCli(['serve', '--port', '0', '--no-dashboard', ...option(withPassword)], { killAfterMs: 60_000 });
    try {
      await waitFor('the server to start', async () => /llm-eval serving/.test(cli.output().stdout) || cli.child.exitCode !== null, 30_000);
      expect(cli.output().stdout).toMatch(/llm-eval serving/);
      const shown = readFileSync(`/proc/${cli.child.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      expect(shown).not.toMatch(/S3cret|Argv/);
      expect(shown).toContain(expected);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('is masked in the command line of a worker given --queue', async () => {
    const redis = 'redis://:Redis S3cretPw@127.0.0.1:6379';
    const withPassword = database.url.replace('postgresql://postgres@', `postgresql://postgres:${SPACED}@`);
    const cli = startCli(['worker', '--queue', redis, '--queue-prefix', `cmdline-${process.pid}`, '--database-url', withPassword], { killAfterMs: 60_000 });
    try {
      await waitFor('the worker to start', async () => /is waiting for items/.test(cli.output().stdout) || cli.child.exitCode !== null, 30_000);
      expect(cli.output().stdout).toMatch(/is waiting for items/);
      const shown = readFileSync(`/proc/${cli.child.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      expect(shown).not.toMatch(/S3cret|Argv/);
      expect(shown).toContain('--queue redis://:***@127.0.0.1:6379');
      expect(shown).toContain('--database-url postgresql://postgres:***@');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });
});

// Started as `node bin.js …`, the title began with node's resolved path (`/usr/bin/node`), longer than the `node` typed,
// and the system cut the end of it: `--database-url postgresql://postgres:***@127.0`, the host and database gone.
test('the masked command line keeps its end when node was started by name', async () => {
  const withPassword = database.url.replace('postgresql://postgres@', 'postgresql://postgres:Pw4x@');
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-dashboard', '--database-url', withPassword], {
    argv0: 'node',
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  try {
    await waitFor('the server to start', async () => /llm-eval serving/.test(stdout) || child.exitCode !== null, 30_000);
    const shown = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
    expect(shown).toBe(`node ${BIN} serve --port 0 --no-dashboard --database-url ${withPassword.replace('Pw4x', '***')}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
