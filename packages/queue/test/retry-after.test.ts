import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { FIXTURES, query, requireFreshBuild, spawnWorker, writeDataset, type WorkerProcess } from './helpers';

// A 429 with Retry-After from the model API, answered to one worker, holds every worker of the run until it is over
// — with no --rps as well as with one. The model API is a real local HTTP server speaking the OpenAI protocol; the
// workers are real processes on real Redis and PostgreSQL.
const CHAT_TASK = path.join(FIXTURES, 'chat-task.mjs');
const RETRY_AFTER_S = 3;
const ITEMS = 150;

const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let workers: WorkerProcess[] = [];

interface Arrival {
  n: number;
  at: number;
  question: string;
}

/** The chat API: completions after 20 ms; the `limitedAt`-th request gets 429 with Retry-After (seconds). */
async function startChatApi(limitedAt: number, retryAfterS = RETRY_AFTER_S) {
  const arrivals: Arrival[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const at = performance.now();
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { model: string; messages: Array<{ role: string; content: string }> };
      const question = parsed.messages.find((m) => m.role === 'user')?.content ?? '';
      const n = arrivals.push({ n: arrivals.length + 1, at, question });
      if (n === limitedAt) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfterS) });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'rate_limit_error' } }));
        return;
      }
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${n}`,
            object: 'chat.completion',
            created: 1,
            model: parsed.model,
            choices: [{ index: 0, message: { role: 'assistant', content: question }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
          }),
        );
      }, 20);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    api: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    arrivals,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The longest time between two consecutive requests that arrived from `from` on. */
function longestSilenceMs(arrivals: Arrival[], from: number): number {
  const times = arrivals.map((a) => a.at).filter((at) => at >= from).sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  // Items wait out the 2 s Retry-After holding their jobs: locks of 2 s, renewed late under CI load, once handed 16
  // live items to a second worker (each asked of the API twice). 15 s locks leave room for a loaded machine.
  workers = ['r1', 'r2', 'r3'].map((name) => spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name, concurrency: 4, lockDurationMs: 15_000 }));
  await Promise.all(workers.map((w) => w.ready));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db?.close();
  await pg?.drop();
});

async function runAgainst429(config: { requestsPerSecond?: number }, retryAfterS = RETRY_AFTER_S) {
  const chat = await startChatApi(12, retryAfterS);
  try {
    const dataset = writeDataset(Array.from({ length: ITEMS }, (_, i) => ({ id: `q${i}`, input: { api: chat.api, question: `question ${i}` }, expected: `question ${i}` })));
    const run = await submitRun({
      queue: { url: redis.url, prefix: redis.prefix },
      databaseUrl: pg.url,
      task: { module: CHAT_TASK },
      metrics: ['exact_match'],
      dataset,
      config: { retries: 2, retryBaseDelayMs: 10, retryMaxDelayMs: 50, ...config },
    });
    const progress = await run.done();
    await run.close();
    return { progress, runId: run.runId, arrivals: [...chat.arrivals] };
  } finally {
    await chat.close();
  }
}

describe.each([
  ['without a rate limit', {}],
  ['with --rps 60', { requestsPerSecond: 60 }],
])('a Retry-After answered to one worker, %s', (_label, config) => {
  it('holds all three workers until it is over; the limited item is retried and every item is stored once', async () => {
    const { progress, runId, arrivals } = await runAgainst429(config);
    expect(progress).toMatchObject({ status: 'completed', done: ITEMS, failed: 0 });
    const limited = arrivals.find((a) => a.n === 12)!;
    // After the 429 the API hears nothing for about Retry-After: the longest silence between two requests from then
    // on is at least 2 of the 3 s (a loaded machine may take some hundreds of ms to share the pause; without sharing,
    // the other workers' requests keep arriving every few ms).
    expect(longestSilenceMs(arrivals, limited.at)).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 1_000);
    // The run was not over when the pause began: items were asked for after it ended.
    expect(arrivals.filter((a) => a.at >= limited.at + RETRY_AFTER_S * 1000 - 50).length).toBeGreaterThan(10);
    expect(arrivals).toHaveLength(ITEMS + 1);
    const rows = await query<{ item_id: string; status: string; attempts: number }>(
      pg.url,
      `SELECT item_id, status, (metadata->>'attempts')::int AS attempts FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1)`,
      [runId],
    );
    expect(rows).toHaveLength(ITEMS);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);
    const limitedId = `q${limited.question.replace('question ', '')}`;
    expect(rows.find((r) => r.item_id === limitedId)?.attempts).toBe(2);
  });
});

describe('a Retry-After past the run\'s maxRetryAfterMs', () => {
  it('fails its item at once, holds no worker, and one worker logs a retry-after-too-long event once for the run', async () => {
    for (const worker of workers) worker.events.length = 0;
    // A day: past the default maxRetryAfterMs of 5 minutes.
    const { progress, runId, arrivals } = await runAgainst429({}, 86_400);
    expect(progress).toMatchObject({ status: 'completed', done: ITEMS, failed: 1 });
    // Not retried, and nothing was paused: every item asked once, the limited one included.
    expect(arrivals).toHaveLength(ITEMS);
    const limited = arrivals.find((a) => a.n === 12)!;
    const limitedId = `q${limited.question.replace('question ', '')}`;
    const [row] = await query<{ status: string; error_message: string }>(
      pg.url,
      `SELECT status, error_message FROM evaluation_items WHERE item_id = $1 AND run_key = (SELECT run_key FROM evaluation_runs WHERE id = $2)`,
      [limitedId, runId],
    );
    expect(row).toMatchObject({ status: 'failed' });
    expect(row!.error_message).toMatch(/asked to wait 24 h before trying again \(Retry-After\), more than the 5 min config\.maxRetryAfterMs allows/);
    const said = workers.flatMap((w) => w.events.filter((e) => e.type === 'retry-after-too-long'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ runId });
    expect(said[0]!.message).toMatch(new RegExp(`^run ${runId}: .*asked item "${limitedId}" to wait 24 h before a retry \\(Retry-After\\), more than config\\.maxRetryAfterMs \\(5 min\\)`));
  });
});
