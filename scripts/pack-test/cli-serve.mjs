// node cli-serve.mjs   (run inside the cli test project, LLM_EVAL_DATABASE_URL set)
// `llm-eval serve` from the installed CLI: starts on a free port, answers /healthz and /api/v1/health over HTTP, and
// stops with exit code 0 on SIGTERM, after which nothing listens on its port.
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServe } from './serve-process.mjs';

const { child, url, exited, output, dispose } = await startServe();
try {
  assert.ok(url, `llm-eval serve did not start:\n${output().stdout}\n${output().stderr}`);

  const healthz = await fetch(`${url}/healthz`);
  assert.deepEqual({ status: healthz.status, body: await healthz.json() }, { status: 200, body: { ok: true } });
  const health = await fetch(`${url}/api/v1/health`);
  const report = await health.json();
  assert.equal(health.status, 200, JSON.stringify(report));
  assert.equal(report.ok, true);
  assert.equal(report.backend, 'sqlite');

  child.kill('SIGTERM');
  const outcome = await exited;
  assert.deepEqual(outcome, { code: 0, signal: null }, `after SIGTERM: ${output().stderr}`);
  const { port } = new URL(url);
  const open = await new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
  assert.equal(open, false, `port ${port} still accepts connections after llm-eval serve exited`);
  console.log(`    ok  llm-eval serve --port 0 → ${url}: /healthz and /api/v1/health answered; SIGTERM → exit 0, port closed`);
} finally {
  dispose();
}
