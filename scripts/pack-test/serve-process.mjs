// The installed `llm-eval serve --port 0` as a child process, for the pack-test checks (cli-serve.mjs,
// cli-dashboard.mjs): started, its start line awaited, and always stopped.
import { spawn } from 'node:child_process';
import path from 'node:path';

const STARTED = /^llm-eval serving \S+ at (http:\/\/127\.0\.0\.1:\d+) {2}\((?:dashboard \/, )?API \/api\/v1, docs \/api\/docs; Ctrl-C to stop\)$/m;

/**
 * Starts `llm-eval serve --port 0` from the test project's node_modules/.bin and resolves with
 * { url (null if it ended before serving), line (its start line), exited (a promise of { code, signal }),
 * output() ({ stdout, stderr }), dispose() (SIGKILL if still running; call it in a finally) }.
 */
export async function startServe() {
  const bin = path.resolve('node_modules', '.bin', 'llm-eval');
  const child = spawn(bin, ['serve', '--port', '0'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const dispose = () => {
    clearTimeout(kill);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const match = await Promise.race([
    exited.then(() => null),
    new Promise((resolve) => {
      const look = () => {
        const found = STARTED.exec(stdout);
        if (found) resolve(found);
        else setTimeout(look, 50);
      };
      look();
    }),
  ]);
  return { child, url: match?.[1] ?? null, line: match?.[0] ?? '', exited, output: () => ({ stdout, stderr }), dispose };
}
