import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCli, waitFor, type CliProcessOptions } from './cli-process';

// Every other command refuses an in-memory database (its data would be gone when it exits), but `serve` took one
// without a word: runs sent to its API then vanished when it stopped. A throwaway demo server is a fair use, so serve
// still starts, with one warning on stderr saying how long the data lives and how to keep it.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-serve-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WARNING =
  'llm-eval: warning: sqlite::memory: is an in-memory database: its runs live only as long as this server process; ' +
  'to keep them, use a file URL such as sqlite:///./llm_eval_runs.db (--database-url or LLM_EVAL_DATABASE_URL).';

/** Starts serve, waits until it answers on the URL of its start line, then stops it; returns its output. */
async function serveOnce(args: string[], options: CliProcessOptions = {}): Promise<{ stdout: string; stderr: string; url: string }> {
  const cli = startCli(['serve', '--port', '0', '--no-dashboard', ...args], { cwd: dir, killAfterMs: 60_000, ...options });
  try {
    let ended = false;
    void cli.exited.then(() => (ended = true));
    await waitFor('the start line', async () => ended || /^llm-eval serving /m.test(cli.output().stdout), 30_000);
    const url = /at (http:\/\/\S+)/.exec(cli.output().stdout)?.[1];
    if (!url) throw new Error(`serve did not start:\n${JSON.stringify(await cli.exited, null, 2)}`);
    expect((await fetch(`${url}/api/v1/runs`)).status).toBe(200);
    return { ...cli.output(), url };
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
}

describe('llm-eval serve on an in-memory database', () => {
  it('starts, and warns once on stderr that the data lives only as long as the server (--database-url)', async () => {
    const { stdout, stderr } = await serveOnce(['--database-url', 'sqlite::memory:']);
    expect(stdout).toMatch(/^llm-eval serving sqlite::memory: at http:\/\/127\.0\.0\.1:\d+ /m);
    expect(stderr.split('\n').filter((line) => line.includes('in-memory'))).toEqual([WARNING]);
  });

  it('from LLM_EVAL_DATABASE_URL too', async () => {
    const { stderr } = await serveOnce([], { env: { LLM_EVAL_DATABASE_URL: 'sqlite::memory:' } });
    expect(stderr.split('\n').filter((line) => line.includes('in-memory'))).toEqual([WARNING]);
  });

  it('says nothing of the kind for a SQLite file', async () => {
    const { stderr } = await serveOnce(['--database-url', `sqlite:///${path.join(dir, 'runs.db')}`]);
    expect(stderr).not.toContain('in-memory');
    expect(stderr).not.toContain('warning');
  });
});
