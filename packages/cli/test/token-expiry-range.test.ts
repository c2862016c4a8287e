import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// `tokens create --expires 99999y` made a token expiring in year 102025, written "+102025-…": SQLite read it back as
// long past, so the new token was listed as expired at once (exit 0). An expiry after 9999-12-31 is refused instead.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-expiry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const cli = (...args: string[]) => runCli([...args, '--database-url', url]);

describe('tokens create --expires far ahead', () => {
  beforeAll(async () => {
    expect((await cli('db', 'init')).code).toBe(0);
  });

  it.each(['99999y', '+010000-01-01T00:00:00Z'])('refuses %s (exit 2) and creates no token', async (expires) => {
    const created = await cli('tokens', 'create', '--name', 'far', '--project', 'alpha', '--role', 'viewer', '--expires', expires);
    expect(created.stderr).toContain(`--expires "${expires}" is after 9999-12-31`);
    expect(created.code).toBe(2);
    const listed = await cli('tokens', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject({ tokens: [] });
  });

  it('takes an expiry within year 9999, and the token is active', async () => {
    const created = await cli('tokens', 'create', '--name', 'long', '--project', 'alpha', '--role', 'viewer', '--expires', '7000y', '--json');
    expect(created.code).toBe(0);
    const listed = await cli('tokens', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject({ tokens: [{ name: 'long', state: 'active' }] });
  });
});
