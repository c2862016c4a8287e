import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor, type CliProcess, type CliProcessOptions } from './cli-process';

// `llm-eval serve --auth`, LLM_EVAL_AUTH=required, --trusted-proxy and --rate-limit: the built binary as a
// subprocess, reached over real HTTP with tokens made by `llm-eval tokens create`.

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-serve-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Served {
  cli: CliProcess;
  url: string;
  info: Record<string, unknown>;
}

/** Starts `llm-eval serve --json …` and waits for its start document (fails with the output if it ends first). */
async function serveJson(args: string[], options: CliProcessOptions = {}): Promise<Served> {
  const cli = startCli(['serve', '--port', '0', '--no-dashboard', '--json', ...args], { killAfterMs: 90_000, ...options });
  let ended = false;
  void cli.exited.then(() => (ended = true));
  let info: Record<string, unknown> | undefined;
  await waitFor('the JSON start document', async () => {
    try {
      info = JSON.parse(cli.output().stdout);
      return true;
    } catch {
      return ended;
    }
  }, 30_000);
  if (!info) throw new Error(`llm-eval serve ${args.join(' ')} did not start:\n${JSON.stringify(await cli.exited, null, 2)}`);
  return { cli, url: String(info.url), info };
}

async function stop(served: Served): Promise<{ stdout: string; stderr: string }> {
  served.cli.child.kill('SIGTERM');
  const outcome = await served.cli.exited;
  expect(outcome.code).toBe(0);
  return outcome;
}

const status = async (url: string, headers: Record<string, string> = {}) => (await fetch(url, { headers })).status;

describe.each(DATABASE_KINDS)('llm-eval serve with authentication on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  const cli = (...args: string[]) => runCli([...args, '--database-url', database.url], { env: { USER: 'ada' } });
  let secret: string;
  let revokedSecret: string;

  beforeAll(async () => {
    const [viewer, revoked] = await Promise.all([
      cli('tokens', 'create', '--name', 'reader', '--project', '*', '--role', 'viewer', '--json'),
      cli('tokens', 'create', '--name', 'gone', '--project', '*', '--role', 'viewer', '--json'),
    ]);
    // Two processes creating tokens in a new database at once: both must succeed (say why if not).
    for (const r of [viewer, revoked]) if (r.code !== 0) throw new Error(`tokens create exited ${r.code}: ${r.stderr}`);
    secret = JSON.parse(viewer.stdout).secret;
    const gone = JSON.parse(revoked.stdout);
    revokedSecret = gone.secret;
    expect((await cli('tokens', 'revoke', gone.token.id)).code).toBe(0);
  });

  it('--auth: 401 without a token, with a malformed or revoked one; 200 with a created one; no secret in any log', async () => {
    const served = await serveJson(['--auth', '--verbose', '--database-url', database.url]);
    expect(served.info).toMatchObject({ auth: 'tokens', trustedProxies: [] });
    const runs = `${served.url}/api/v1/runs`;
    expect(await status(runs)).toBe(401);
    expect(await status(runs, { authorization: 'Bearer not-a-token' })).toBe(401);
    expect(await status(runs, { authorization: `Bearer ${revokedSecret}` })).toBe(401);
    expect(await status(runs, { authorization: `Bearer ${secret}` })).toBe(200);
    const { stdout, stderr } = await stop(served);
    for (const s of [secret, revokedSecret]) expect(stdout + stderr).not.toContain(s);
  });

  it('LLM_EVAL_AUTH=required turns it on, and the human start line says so', async () => {
    const cliProcess = startCli(['serve', '--port', '0', '--no-dashboard', '--database-url', database.url], { env: { LLM_EVAL_AUTH: 'required' } });
    await waitFor('the start lines', async () => /Authentication: API tokens/.test(cliProcess.output().stdout), 30_000);
    const url = /at (http:\/\/\S+)/.exec(cliProcess.output().stdout)![1]!;
    expect(await status(`${url}/api/v1/runs`)).toBe(401);
    expect(await status(`${url}/api/v1/runs`, { authorization: `Bearer ${secret}` })).toBe(200);
    await stop({ cli: cliProcess, url, info: {} });
  });

  it('--trusted-proxy: the user header is believed from the proxy address only; --rate-limit answers 429 past it', async () => {
    const served = await serveJson(['--trusted-proxy', '127.0.0.1', '--proxy-user-header', 'X-Remote-User', '--rate-limit', '3', '--database-url', database.url]);
    expect(served.info).toMatchObject({ trustedProxies: ['127.0.0.1'] });
    const runs = `${served.url}/api/v1/runs`;
    expect(await status(runs, { 'x-remote-user': 'alice' })).toBe(200);
    expect(await status(runs)).toBe(401);
    expect(await status(runs, { 'x-remote-user': 'alice' })).toBe(200);
    expect(await status(runs, { 'x-remote-user': 'alice' })).toBe(200);
    expect(await status(runs, { 'x-remote-user': 'alice' })).toBe(429);
    await stop(served);
  });
});

describe('llm-eval serve access flags that cannot work', () => {
  const sqliteUrl = `sqlite:///${path.join(dir, 'refusals.db')}`;

  it('a public --host without --auth is refused with the server\'s own message (exit 2); with --auth it is served', async () => {
    const refused = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--database-url', sqliteUrl], { env: { LLM_EVAL_AUTH: 'off' } });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^llm-eval: Refusing to listen on 0\.0\.0\.0: without authentication/);
    const served = await serveJson(['--host', '0.0.0.0', '--auth', '--database-url', sqliteUrl]);
    const port = new URL(served.url).port;
    expect(await status(`http://127.0.0.1:${port}/api/v1/runs`)).toBe(401);
    await stop(served);
  });

  it.each([
    [['--proxy-role', 'admin'], '--proxy-user-header, --proxy-role and --proxy-projects need --trusted-proxy'],
    [['--trusted-proxy', ''], '--trusted-proxy must list proxy addresses'],
    [['--trusted-proxy', '10.0.0.5', '--proxy-user-header', 'bad header'], '--proxy-user-header must be an HTTP header name'],
    [['--rate-limit', '0'], '--rate-limit must be a whole number from 1'],
    [['--retention-interval', '10s'], '--retention-interval "10s": unknown unit "s"'],
    [['--retention-interval', '1y'], '--retention-interval "1y" must be an interval such as 30min, 1h or 1d'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const outcome = await runCli(['serve', '--port', '0', ...args, '--database-url', sqliteUrl]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(message);
  });

  it('LLM_EVAL_AUTH with another value is a usage error', async () => {
    const outcome = await runCli(['serve', '--port', '0', '--database-url', sqliteUrl], { env: { LLM_EVAL_AUTH: 'yes please' } });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('LLM_EVAL_AUTH must be "required"');
  });
});
