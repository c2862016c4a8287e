import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The built binary (`pnpm --filter @llm-eval/cli run build` first). */
export const BIN = path.join(__dirname, '..', 'dist', 'bin.js');

/** How a finished CLI process ended. */
export interface CliOutcome {
  /** The exit code; null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of a CLI process. */
export interface CliProcessOptions {
  cwd?: string;
  /** Added to the environment (NO_COLOR=1, LLM_EVAL_DATABASE_URL removed); a value of undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Kill the process (SIGKILL) after this long, so a hang fails the test instead of stalling it. Default 60 s. */
  killAfterMs?: number;
}

/** A running CLI process: its child, the output so far, and a promise of how it ends. */
export interface CliProcess {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  exited: Promise<CliOutcome & { killedByTest: boolean }>;
}

/** Starts the built `llm-eval` with stdin closed and stdout/stderr pipes (not a terminal). */
export function startCli(args: string[], options: CliProcessOptions = {}): CliProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.LLM_EVAL_DATABASE_URL;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  let killedByTest = false;
  const timer = setTimeout(() => {
    killedByTest = true;
    child.kill('SIGKILL');
  }, options.killAfterMs ?? 60_000);
  const exited = new Promise<CliOutcome & { killedByTest: boolean }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killedByTest });
    });
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Runs the built `llm-eval` to the end. */
export function runCli(args: string[], options: CliProcessOptions = {}): Promise<CliOutcome & { killedByTest: boolean }> {
  return startCli(args, options).exited;
}

/** Polls `check` every 100 ms until it returns true (fails after `limitMs`, default 60 s). */
export async function waitFor(what: string, check: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
