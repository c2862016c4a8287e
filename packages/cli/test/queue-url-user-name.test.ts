import { runCli } from './cli-process';

// A Redis URL with a user name and no password (redis://alice@host) was printed as given: the user name is a
// credential of the URL, and a lone user info is often a password written where the user name goes. Every message
// quoting the URL hides it, as it hides a password.
describe('a queue URL with a user name and no password', () => {
  it('is shown with its user name hidden when Redis cannot be reached, or refuses it', async () => {
    const [unreachable, refused, invalid] = await Promise.all([
      runCli(['queue', 'status', '--queue', 'redis://alice-XYZZY@127.0.0.1:1']),
      // A real Redis without such a user refuses the URL's credentials.
      runCli(['queue', 'status', '--queue', 'redis://alice-XYZZY@127.0.0.1:6379/9']),
      runCli(['queue', 'status', '--queue', 'redis://alice-XYZZY@127.0.0.1:99999']),
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("Cannot reach the queue's Redis at redis://***@127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("The queue's Redis at redis://***@127.0.0.1:6379/9 refused the URL's credentials");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('Invalid Redis URL "redis://***@127.0.0.1:99999"');
    for (const r of [unreachable, refused, invalid]) expect(r.stdout + r.stderr).not.toContain('XYZZY');
  });
});
