import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';

/** The built `llm-eval` binary of the workspace's @llm-eval/cli (built by `pnpm build` before the tests). */
export const CLI_BIN = join(dirname(require.resolve('@llm-eval/cli/package.json')), 'dist', 'bin.js');

/** A running `llm-eval serve` subprocess. */
export interface Serving {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): { stdout: string; stderr: string };
  /** SIGTERM, and wait for it to exit. */
  stop(): Promise<void>;
}

const SERVING = /llm-eval serving \S+ at (http:\/\/\S+) {2}\(dashboard \//;

/**
 * Starts `llm-eval serve --port 0` over `databaseUrl` and resolves once it printed the address it serves.
 * LLM_EVAL_DASHBOARD_DIR, when set, is passed on: the dashboard is then served from that build.
 */
export function startServe(databaseUrl: string, extraArgs: string[] = []): Promise<Serving> {
  const child = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0', '--database-url', databaseUrl, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`llm-eval serve did not start in 30 s:\n${stdout}\n${stderr}`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', (code) => !started && fail(new Error(`llm-eval serve exited with ${code} before serving (did the dashboard build?):\n${stdout}\n${stderr}`)));
    child.stdout!.on('data', () => {
      const match = SERVING.exec(stdout);
      if (!match) return;
      if (started) return;
      started = true;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        child,
        output: () => ({ stdout, stderr }),
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
