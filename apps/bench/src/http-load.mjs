// HTTP load with autocannon (keep-alive connections, one request in flight per connection) and the server in its own
// child process: the two never share an event loop, as a real client and server would not.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { percentile, round } from './measure.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Starts server-process.mjs (the built @llm-eval/server) over `databaseUrl` and resolves when it listens.
 * `profileDir` runs it with --cpu-prof, writing a .cpuprofile there when it stops.
 */
export function startServerProcess(databaseUrl, { profileDir, env } = {}) {
  const execArgv = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = fork(path.join(here, 'server-process.mjs'), [databaseUrl], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`the server process exited with code ${code} before listening`));
    child.once('error', reject);
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve({
        url: message.url,
        pid: child.pid,
        /** Asks the server to close and waits for the process to end. */
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
  });
}

/**
 * `connections` keep-alive connections requesting `url` for `seconds`. Latency percentiles come from every 2xx
 * response's own time (autocannon's histogram keeps whole milliseconds only, too coarse for a 2 ms overhead target).
 */
export async function httpLoad(url, { connections, seconds }) {
  const latencies = [];
  const instance = autocannon({ url, connections, duration: seconds, pipelining: 1, timeout: 30 });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  return {
    connections,
    seconds: round(result.duration, 2),
    requests: result.requests.total,
    requestsPerSec: round(result['2xx'] / result.duration, 0),
    p50: round(percentile(latencies, 50), 3),
    p99: round(percentile(latencies, 99), 3),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** One request, to check a URL answers 2xx before loading it; returns the parsed body. */
export async function getJson(url) {
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) {
    let code = '';
    try {
      code = ` ${JSON.parse(text).error.code}`;
    } catch {
      // not the API's error shape
    }
    throw new Error(`GET answered ${response.status}${code}`);
  }
  return JSON.parse(text);
}
