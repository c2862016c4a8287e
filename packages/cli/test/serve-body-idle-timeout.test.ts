import { existsSync } from 'node:fs';
import net from 'node:net';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { BIN, runCli, startCli, waitFor, type CliProcess } from './cli-process';

// `llm-eval serve --body-idle-timeout <ms>`: the server's bodyIdleTimeoutMs (how long a request body may stall before
// it is answered 408), which `serve` had no flag for (always 30 s). The BUILT binary as a subprocess, reached over a
// real socket (`npx tsup` in packages/server and packages/cli first).

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx tsup\` in packages/server and packages/cli first.`);
});

/** Starts `llm-eval serve --json …` on a free port and waits for its JSON start line. */
async function serve(args: string[]): Promise<{ cli: CliProcess; url: string }> {
  const cli = startCli(['serve', '--port', '0', '--json', ...args], { killAfterMs: 60_000 });
  let ended = false;
  void cli.exited.then(() => (ended = true));
  await waitFor('the start line', async () => ended || cli.output().stdout.trim().endsWith('}'), 30_000);
  if (ended) throw new Error(`llm-eval serve did not start:\n${JSON.stringify(await cli.exited, null, 2)}`);
  return { cli, url: JSON.parse(cli.output().stdout).url };
}

/** Sends a POST whose Content-Length promises more than is sent; resolves with what came back and after how long. */
function stalledPost(url: string): Promise<{ text: string; afterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let sentAt = 0;
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), afterMs: Date.now() - sentAt }));
    socket.once('connect', () => {
      sentAt = Date.now();
      socket.write(
        'POST /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{"name":',
      );
    });
    // Past the default 30 s: the test's own limit, not the server's.
    setTimeout(() => socket.destroy(), 20_000).unref();
  });
}

describe('llm-eval serve --body-idle-timeout', () => {
  const database = useEmptyDatabase('sqlite');

  it('answers a stalled request body 408 after the given time, not the default 30 s, and keeps serving', async () => {
    const { cli, url } = await serve(['--body-idle-timeout', '1500', '--database-url', database.url]);
    try {
      const answer = await stalledPost(url);
      expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer.text).toMatch(/No byte of the request body arrived for 1\.5 s/);
      // About the timeout: not before it, and long before the default 30 s.
      expect(answer.afterMs).toBeGreaterThanOrEqual(1_400);
      expect(answer.afterMs).toBeLessThan(10_000);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
      expect((await cli.exited).code).toBe(0);
    }
  });

  it.each([['0'], ['999'], ['abc'], ['1.5'], ['2147483648']])('refuses %s: exit 2 naming the flag and the accepted range', async (value) => {
    const r = await runCli(['serve', '--port', '0', '--body-idle-timeout', value, '--database-url', database.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--body-idle-timeout must be a whole number of milliseconds from 1,000 to 2,147,483,647');
    expect(r.stdout).toBe('');
  });

  it('refuses 30s: exit 2 saying the flag is in milliseconds and what 30s is in them', async () => {
    const r = await runCli(['serve', '--port', '0', '--body-idle-timeout', '30s', '--database-url', database.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--body-idle-timeout is in milliseconds: give a whole number such as 30000 (for 30s), got "30s".');
    expect(r.stdout).toBe('');
  });

  it('refuses the flag without a value', async () => {
    const r = await runCli(['serve', '--port', '0', '--database-url', database.url, '--body-idle-timeout']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--body-idle-timeout');
  });

  it('is described in serve --help, with its default', async () => {
    const r = await runCli(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--body-idle-timeout[\s\S]*408[\s\S]*default\s+30,000/);
  });
});
