import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, createTestRedis, listKeys, startOwnRedisServer, type TestRedis } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor } from './cli-process';

// The distributed commands refuse, before connecting or enqueuing anything, what cannot work: a SQLite database
// (workers on other machines cannot open the file), local-only options with --queue, malformed Redis URLs. No message
// ever shows a Redis or database password.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-queue-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => x;\n');
const sqliteUrl = `sqlite:///${path.join(dir, 'runs.db')}`;
const PG = 'postgresql://llm:pg-s3cret@127.0.0.1:5432/llm_eval';

let redis: TestRedis;
beforeAll(async () => {
  redis = await createTestRedis();
});
afterAll(() => redis?.drop());

const queueArgs = () => ['--queue', redis.url, '--queue-prefix', redis.prefix];
const evaluate = (...args: string[]) => runCli(['evaluate', '--task', task, '--dataset', dataset, ...args]);

describe('evaluate --queue refuses what workers cannot do', () => {
  it('refuses a SQLite database (given or the default) with exit 2 and the reason, before creating or enqueuing anything', async () => {
    const [given, byDefault, fromEnv] = await Promise.all([
      evaluate(...queueArgs(), '--database-url', sqliteUrl),
      runCli(['evaluate', '--task', task, '--dataset', dataset, ...queueArgs()], { cwd: dir }),
      runCli(['evaluate', '--task', task, '--dataset', dataset, ...queueArgs()], { env: { LLM_EVAL_DATABASE_URL: sqliteUrl } }),
    ]);
    for (const r of [given, byDefault, fromEnv]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/SQLite file that workers on other machines cannot open\. Pass a PostgreSQL URL: --database-url postgresql:\/\/.* \(or set LLM_EVAL_DATABASE_URL\)/);
    }
    expect(byDefault.stderr).toContain('(from the default database URL)');
    expect(fromEnv.stderr).toContain('(from LLM_EVAL_DATABASE_URL)');
    expect(existsSync(path.join(dir, 'llm_eval_runs.db'))).toBe(false);
    expect(existsSync(path.join(dir, 'runs.db'))).toBe(false);
    const status = await runCli(['queue', 'status', '--json', ...queueArgs()]);
    expect(JSON.parse(status.stdout).runs).toEqual([]);
  });

  it.each([
    [['--concurrency', '4'], /--concurrency is set per worker with --queue: start the workers with llm-eval worker --concurrency N/],
    [['--no-store'], /--no-store cannot be used with --queue/],
    [['-o', 'out.json'], /-o\/--output cannot be used with --queue: .*llm-eval runs export/],
    [['--detach', '--fail-under', '0.5'], /--fail-under needs the end of the run/],
  ])('refuses %j with --queue (exit 2)', async (extra, message) => {
    const r = await evaluate(...queueArgs(), '--database-url', PG, ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr + r.stdout).not.toContain('pg-s3cret');
  });

  // A task path that does not exist on the submitting machine is most likely a typo: the run was queued and every
  // worker failed it, with no word before. It is still queued (workers load the task from their own disks), with a
  // warning naming the path the workers will load.
  it('warns when the --task file does not exist on this machine, and still queues the run', async () => {
    const pg = await createTestDatabase('postgres');
    // A queue of its own, removed at the end: the runs it queues stay on it, and other tests expect an empty queue.
    const own = await createTestRedis();
    try {
      const missing = path.join(dir, 'no-such-task.mjs');
      const ownQueue = ['--queue', own.url, '--queue-prefix', own.prefix];
      const r = await runCli(['evaluate', '--task', missing, '--dataset', dataset, ...ownQueue, '--detach', '--database-url', pg.url]);
      expect(r.stderr).toContain(`warning: --task ${missing} does not exist on this machine: every worker must have it at that path, or the run fails`);
      expect(r.code).toBe(0);
      // A task that exists gets no such warning.
      const found = await runCli(['evaluate', '--task', task, '--dataset', dataset, ...ownQueue, '--detach', '--database-url', pg.url]);
      expect(found.code).toBe(0);
      expect(found.stderr).not.toContain('does not exist on this machine');
    } finally {
      await own.drop();
      await pg.drop();
    }
  });

  it('refuses --detach without --queue', async () => {
    const r = await evaluate('--detach', '--no-store');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--detach needs --queue');
  });
});

describe('Redis URLs', () => {
  const malformed = [
    ['a bad port', 'redis://:s3cret@127.0.0.1:99999'],
    ['a wrong scheme', 'http://user:s3cret@127.0.0.1:6379'],
    ['a path that is no database number', 'redis://:s3cret@127.0.0.1:6379/queue'],
    // ioredis would connect to "s3cretTail" as the host and print it in every connection error.
    ['a password with an unencoded /', 'redis://:s3cret@s3cretTail/s3cret@127.0.0.1:6379'],
    ['a password with a bad %-escape', 'redis://:s3cret%zz@127.0.0.1:6379'],
    ['an unchecked query parameter', 'redis://:s3cret@127.0.0.1:6379?db=abc'],
  ];
  it.each(malformed)('a malformed --queue URL (%s) is exit 2 naming the URL without its password, in every command', async (_what, url) => {
    const results = await Promise.all([
      evaluate('--queue', url, '--database-url', PG),
      runCli(['worker', '--queue', url, '--database-url', PG]),
      runCli(['queue', 'status', '--queue', url]),
      runCli(['queue', 'status'], { env: { LLM_EVAL_QUEUE_URL: url } }),
    ]);
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Invalid Redis URL');
      expect(r.stderr + r.stdout).not.toContain('s3cret');
    }
    expect(results[3]!.stderr).toContain('LLM_EVAL_QUEUE_URL');
  });

  it('a worker whose Redis cannot be reached says so, naming it without its password: no stack trace, no flood', async () => {
    const pg = await createTestDatabase('postgres');
    const worker = startCli(['worker', '--queue', 'redis://:s3cret@127.0.0.1:1', '--database-url', pg.url], { killAfterMs: 30_000 });
    await waitFor('the worker to report the connection error', async () => /connect ECONNREFUSED/.test(worker.output().stdout + worker.output().stderr), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // One Ctrl-C stops it: it never reached Redis, so it took no items and has nothing to hand back.
    worker.child.kill('SIGINT');
    const { stdout, stderr, code } = await worker.exited;
    await pg.drop();
    const all = stdout + stderr;
    expect(code).toBe(0);
    expect(all).toContain("the queue's Redis at redis://:***@127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1");
    expect(all).toMatch(/stopped: worker \S+ stopped/);
    expect(all).not.toContain('s3cret');
    expect(all).not.toContain('Unhandled error event');
    expect(all).not.toMatch(/\n\s+at /);
    // ioredis retries a few times a second, on each of BullMQ's connections; the message is shown once per 30 s.
    expect(all.split('\n').filter((line) => line.includes('connect ECONNREFUSED')).length).toBe(1);
  });

  it('a worker with rediss:// to a Redis without TLS says what to change', async () => {
    const pg = await createTestDatabase('postgres');
    const worker = startCli(['worker', '--queue', 'rediss://127.0.0.1:6379', '--database-url', pg.url], { killAfterMs: 40_000 });
    await waitFor('the worker to report the handshake timeout', async () => /ETIMEDOUT/.test(worker.output().stdout + worker.output().stderr), 30_000);
    worker.child.kill('SIGTERM');
    const { stdout, stderr, code } = await worker.exited;
    await pg.drop();
    expect(code).toBe(0);
    expect(stdout + stderr).toContain("the queue's Redis at rediss://127.0.0.1:6379: connect ETIMEDOUT (rediss:// connects with TLS: use redis:// for a Redis without TLS)");
  }, 60_000);

  it('a worker refuses a database number its Redis does not have (exit 1, as evaluate --queue), also when Redis answers only later', async () => {
    const pg = await createTestDatabase('postgres');
    const server = await startOwnRedisServer({ args: ['--databases', '2'] });
    try {
      const base = new URL(redis.url);
      const refused = await runCli(['worker', '--queue', `redis://${base.host}/16`, '--queue-prefix', redis.prefix, '--database-url', pg.url], { killAfterMs: 30_000 });
      expect(refused.killedByTest).toBe(false);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toBe(
        `llm-eval: Cannot use database 16 of the queue's Redis at redis://${base.host}/16: ERR DB index is out of range (this Redis has fewer databases: use a number below its "databases" setting, 16 by default).\n`,
      );
      expect(await listKeys(redis.url, redis.prefix)).toEqual([]);

      // Its Redis is down when it starts: it waits, and stops with the same reason once Redis answers.
      await server.stop();
      const late = startCli(['worker', '--queue', `${server.url}/5`, '--database-url', pg.url], { killAfterMs: 30_000 });
      await waitFor('the worker to wait for items', async () => late.output().stdout.includes('is waiting for items'), 20_000);
      await server.start();
      const { code, stderr, killedByTest } = await late.exited;
      expect(killedByTest).toBe(false);
      expect(code).toBe(1);
      expect(stderr).toContain(`llm-eval: Cannot use database 5 of the queue's Redis at ${server.url}/5: ERR DB index is out of range`);
    } finally {
      await server.destroy();
      await pg.drop();
    }
  });

  it('worker and queue status need a queue URL', async () => {
    const [worker, status] = await Promise.all([runCli(['worker', '--database-url', PG]), runCli(['queue', 'status'])]);
    for (const r of [worker, status]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--queue redis://host:6379 (or set LLM_EVAL_QUEUE_URL)');
    }
  });

  it('a worker refuses a SQLite database', async () => {
    const r = await runCli(['worker', ...queueArgs(), '--database-url', sqliteUrl]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SQLite file that workers on other machines cannot open');
  });

  it('queue status on an empty queue says so, and never prints the password', async () => {
    const passworded = redis.url.replace('redis://', 'redis://:s3cret@');
    const [text, json] = await Promise.all([
      runCli(['queue', 'status', '--queue', passworded, '--queue-prefix', redis.prefix]),
      runCli(['queue', 'status', '--json'], { env: { LLM_EVAL_QUEUE_URL: passworded, LLM_EVAL_QUEUE_PREFIX: redis.prefix } }),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('The queue is empty: no runs and no workers.');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ queue: expect.stringContaining('127.0.0.1'), runs: [], workers: [] });
    for (const r of [text, json]) expect(r.stdout + r.stderr).not.toContain('s3cret');
    // A read: it leaves nothing behind in Redis (BullMQ's queue would write its meta hash).
    expect(await listKeys(redis.url, redis.prefix)).toEqual([]);
  });
});
