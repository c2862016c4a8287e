import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { createTestRedis, listKeys, useEmptyDatabase, type TestRedis } from '@llm-eval/test-databases';
import { sameQueueFlags } from '../src/same-queue';
import { runCli } from './cli-process';

// `evaluate --queue … --detach` advised "llm-eval queue status" (which exits 2 without the queue) and "runs cancel <run>
// --queue …" (a literal ellipsis), and named no --queue-prefix: neither command could be pasted as printed.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-detach-hint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => x;\n');
const database = useEmptyDatabase('postgres');

let redis: TestRedis;
beforeAll(async () => {
  redis = await createTestRedis();
});
afterAll(() => redis?.drop());

/** The words of an advised command, with the database URL it stands for in place of `<the same URL>`. */
const words = (command: string) => command.replace(/^llm-eval /, '').replace('<the same URL>', database.url).split(' ');

test('the commands a detached run advises work as printed: queue status shows it, runs cancel cancels it', async () => {
  const submitted = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--name', 'detached-hint', '--queue', redis.url, '--queue-prefix', redis.prefix, '--database-url', database.url, '--detach']);
  expect(submitted.code).toBe(0);
  const hint = /Follow it with (llm-eval runs show \S+ --database-url <the same URL>) or (llm-eval queue status [^;]+); cancel it with (llm-eval runs cancel .+)$/m.exec(submitted.stdout);
  expect(hint).not.toBeNull();
  const [show, status, cancel] = [hint![1]!, hint![2]!, hint![3]!];
  expect(status).toBe(`llm-eval queue status --queue ${redis.url} --queue-prefix ${redis.prefix}`);
  expect(cancel).toMatch(new RegExp(`^llm-eval runs cancel [0-9a-f]{8} --queue ${redis.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} --queue-prefix ${redis.prefix} --database-url <the same URL>$`));
  expect(submitted.stdout).not.toContain('…');

  const runId = /Run ([0-9a-f-]{36}) is queued/.exec(submitted.stdout)![1]!;
  const shown = await runCli(words(show));
  expect(shown.code).toBe(0);
  expect(shown.stdout).toContain('detached-hint');
  const queued = await runCli(words(status));
  expect(queued.code).toBe(0);
  expect(queued.stdout).toContain(runId.slice(0, 8));
  const cancelled = await runCli(words(cancel));
  expect(cancelled.code).toBe(0);
  const db = await initializeDatabase({ url: database.url });
  try {
    expect((await db.runs.requireRun(runId)).status).toBe('cancelled');
  } finally {
    await db.close();
  }
}, 120_000);

test('a queue URL with a password is never repeated in the advice; what came from the environment is not needed', async () => {
  const resolved = (url: string, redacted: string) => ({ connection: { url }, redacted });
  const secret = 'redis://:s3cret-pw@queue.internal:6379/2';
  expect(sameQueueFlags({ queue: secret }, resolved(secret, 'redis://:***@queue.internal:6379/2'))).toBe(' --queue <the same URL>');
  const plain = 'redis://queue.internal:6379';
  expect(sameQueueFlags({ queue: plain, queuePrefix: 'team a' }, resolved(plain, plain))).toBe(" --queue redis://queue.internal:6379 --queue-prefix 'team a'");
  expect(sameQueueFlags({}, resolved(secret, 'redis://:***@queue.internal:6379/2'))).toBe('');
  // From LLM_EVAL_QUEUE_URL: the advice leaves the queue to the same environment.
  const submitted = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--name', 'detached-env', '--database-url', database.url, '--detach'], {
    env: { LLM_EVAL_QUEUE_URL: redis.url, LLM_EVAL_QUEUE_PREFIX: redis.prefix },
  });
  expect(submitted.code).toBe(0);
  expect(submitted.stdout).toMatch(/or llm-eval queue status; cancel it with llm-eval runs cancel [0-9a-f]{8} --database-url <the same URL>$/m);
  const runId = /Run ([0-9a-f-]{36}) is queued/.exec(submitted.stdout)![1]!;
  const cancelled = await runCli(['runs', 'cancel', runId.slice(0, 8), '--database-url', database.url], { env: { LLM_EVAL_QUEUE_URL: redis.url, LLM_EVAL_QUEUE_PREFIX: redis.prefix } });
  expect(cancelled.code).toBe(0);
}, 120_000);

// `runs cancel --queue` with a --queue-prefix the run's workers do not use said "cancelled" after finalising the run as
// if no worker served it, and left keys under that prefix: it now says the run is not on that queue.
test('runs cancel with the wrong --queue-prefix says the run is not on that queue, and cancels it in the database', async () => {
  const submitted = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--name', 'detached-prefix', '--queue', redis.url, '--queue-prefix', redis.prefix, '--database-url', database.url, '--detach']);
  expect(submitted.code).toBe(0);
  const runId = /Run ([0-9a-f-]{36}) is queued/.exec(submitted.stdout)![1]!;
  const wrong = `${redis.prefix}-other`;
  const cancelled = await runCli(['runs', 'cancel', runId.slice(0, 8), '--queue', redis.url, '--queue-prefix', wrong, '--database-url', database.url]);
  expect(cancelled.code).toBe(0);
  expect(cancelled.stderr).toContain(`llm-eval: run ${runId} is not on this queue (key prefix "${wrong}"; a local run, or one whose workers use another --queue-prefix): nothing was written to Redis; the run is cancelled in the database`);
  expect(cancelled.stdout).toContain('cancelled');
  expect(await listKeys(redis.url, wrong)).toEqual([]);
  const db = await initializeDatabase({ url: database.url });
  try {
    expect((await db.runs.requireRun(runId)).status).toBe('cancelled');
  } finally {
    await db.close();
  }
}, 120_000);
