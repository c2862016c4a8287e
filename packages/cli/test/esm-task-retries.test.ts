import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from './cli-process';

// The CLI loads @llm-eval/evaluator as CommonJS, a task written as ESM (`task.mjs`) imports its ESM build: two copies
// of RetryableError. The CLI retried nothing such a task threw (a 500, a 429 and its Retry-After): `--retries 2` did
// nothing. The model API here is a real local HTTP server answering 500 twice, then the completion.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-esm-retries-'));
const evaluatorEsm = pathToFileURL(path.join(__dirname, '..', '..', 'evaluator', 'dist', 'index.js')).href;
let server: Server;
let baseURL: string;
let requests: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push(Date.now());
      if (requests.length <= 2) {
        res.writeHead(500, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ error: { message: 'upstream overloaded' } }));
        return;
      }
      const content = (JSON.parse(body) as { messages: Array<{ content: string }> }).messages.at(-1)!.content;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

it('retries an ESM task’s server errors, waiting the Retry-After, and the item succeeds', async () => {
  requests = [];
  const task = path.join(dir, 'task.mjs');
  writeFileSync(task, `import { openAIChatTask } from ${JSON.stringify(evaluatorEsm)};\nexport default openAIChatTask({ model: 'fake', apiKey: '' });\n`);
  const dataset = path.join(dir, 'data.jsonl');
  writeFileSync(dataset, `${JSON.stringify({ id: 'a', input: 'Paris', expected: 'Paris' })}\n`);
  const run = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--metrics', 'exact_match', '--no-store', '--retries', '2', '--json'], {
    cwd: dir,
    env: { OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: undefined },
  });
  expect(run.stderr).not.toMatch(/upstream overloaded/);
  expect(run.code).toBe(0);
  expect(requests).toHaveLength(3);
  // Each retry waited the Retry-After (1 s) the 500 asked for.
  expect(requests[1]! - requests[0]!).toBeGreaterThanOrEqual(950);
  expect(requests[2]! - requests[1]!).toBeGreaterThanOrEqual(950);
});
