import { runCli } from './cli-process';

// `queue status` against a real Redis that refuses the URL's credentials (WRONGPASS) said "Cannot reach the queue's
// Redis … Check that it runs": the Redis runs and answered; it refused the user name or password. It now says so, as
// `llm-eval worker` does, and still never prints the user name or the password.
describe('queue status with credentials the Redis refuses', () => {
  it.each([
    ['a user name alone', 'redis://alice-XYZZY@127.0.0.1:6379', 'redis://***@127.0.0.1:6379'],
    ['a user name and a password', 'redis://alice-XYZZY:hunter-QWV@127.0.0.1:6379', 'redis://alice-XYZZY:***@127.0.0.1:6379'],
  ])('says the credentials were refused, with %s', async (_, url, redacted) => {
    const { code, stdout, stderr } = await runCli(['queue', 'status', '--queue', url]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `llm-eval: The queue's Redis at ${redacted} refused the URL's credentials: WRONGPASS invalid username-password pair or user is disabled. ` +
        'Check the user name and password in the URL (redis://user:password@host:6379, percent-encoded).',
    );
    expect(stderr).not.toContain('Cannot reach');
    expect(stdout + stderr).not.toContain('hunter');
    if (!redacted.includes('alice')) expect(stdout + stderr).not.toContain('XYZZY');
  });
});
