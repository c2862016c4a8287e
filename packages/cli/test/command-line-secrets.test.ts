import { readFileSync } from 'node:fs';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { startCli, waitFor } from './cli-process';

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
