// node cli-serve.mjs   (run inside the cli test project, LLM_EVAL_DATABASE_URL set)
// `llm-eval serve` from the installed CLI: starts on a free port, answers /healthz and /api/v1/health over HTTP, and
// stops with exit code 0 on SIGTERM, after which nothing listens on its port.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const bin = path.resolve('node_modules', '.bin', 'llm-eval');
const child = spawn(bin, ['serve', '--port', '0'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
child.stdout.on('data', (d) => (stdout += d));
child.stderr.on('data', (d) => (stderr += d));
const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);

try {
  const started = /^llm-eval serving (\S+) at (http:\/\/127\.0\.0\.1:\d+) {2}\(API \/api\/v1, docs \/api\/docs; Ctrl-C to stop\)$/m;
  const ended = exited.then(() => null);
  const url = await Promise.race([
    ended,
    new Promise((resolve) => {
      const look = () => {
        const match = started.exec(stdout);
        if (match) resolve(match[2]);
        else setTimeout(look, 50);
      };
      look();
    }),
  ]);
  assert.ok(url, `llm-eval serve did not start:\n${stdout}\n${stderr}`);

  const healthz = await fetch(`${url}/healthz`);
  assert.deepEqual({ status: healthz.status, body: await healthz.json() }, { status: 200, body: { ok: true } });
  const health = await fetch(`${url}/api/v1/health`);
  const report = await health.json();
  assert.equal(health.status, 200, JSON.stringify(report));
  assert.equal(report.ok, true);
  assert.equal(report.backend, 'sqlite');

  child.kill('SIGTERM');
  const outcome = await exited;
  assert.deepEqual(outcome, { code: 0, signal: null }, `after SIGTERM: ${stderr}`);
  const { port } = new URL(url);
  const open = await new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
  assert.equal(open, false, `port ${port} still accepts connections after llm-eval serve exited`);
  console.log(`    ok  llm-eval serve --port 0 → ${url}: /healthz and /api/v1/health answered; SIGTERM → exit 0, port closed`);
} finally {
  clearTimeout(kill);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
