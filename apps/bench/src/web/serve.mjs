// The built `llm-eval serve` (the installed @llm-eval/cli's bin) over the benchmark database, in a subprocess, serving
// a built dashboard: the one a user gets, or BENCH_WEB_DIST (passed on as LLM_EVAL_DASHBOARD_DIR, e.g. a build made
// outside packages/web/dist/app).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const CLI_BIN = path.join(path.dirname(require.resolve('@llm-eval/cli/package.json')), 'dist', 'bin.js');
const SERVING = /llm-eval serving \S+ at (http:\/\/\S+) {2}\(dashboard \//;

/** The dashboard directory served: BENCH_WEB_DIST, else the installed @llm-eval/web's dist/app. */
export function dashboardDirectory() {
  const dir = process.env.BENCH_WEB_DIST ?? path.join(path.dirname(require.resolve('@llm-eval/web/package.json')), 'dist', 'app');
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`no built dashboard in ${dir}: run \`pnpm run build\` first (or set BENCH_WEB_DIST to a vite build)`);
  }
  return path.resolve(dir);
}

/** Starts `llm-eval serve --port 0` and resolves with its URL once it printed it (a dashboard must be served). */
export function startServe(databaseUrl, dashboardDir) {
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`pnpm run build\` first`);
  const child = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0', '--database-url', databaseUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', LLM_EVAL_DASHBOARD_DIR: dashboardDir },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start in 60 s`), 60_000);
    function fail(why) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`llm-eval serve ${why}:\n${stdout}\n${stderr}`));
    }
    const early = (code) => fail(`exited with ${code} before serving a dashboard`);
    child.once('exit', early);
    child.stdout.on('data', (d) => {
      const before = stdout;
      stdout += d;
      const match = SERVING.exec(stdout);
      if (!match || SERVING.test(before)) return;
      clearTimeout(timer);
      child.off('exit', early);
      resolve({
        url: match[1],
        pid: child.pid,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
