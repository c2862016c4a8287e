import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { startOwnRedisServer, useEmptyDatabase, type OwnRedisServer } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor } from './cli-process';

// A Redis with AUTH renamed answers "ERR unknown command 'auth', with args beginning with: '<password>'": `queue
// status`, `evaluate --queue` and `llm-eval worker` printed the password in that text, next to the URL that hid it.
const PASSWORD = 'S3cretRedisPw-QXZ';
const database = useEmptyDatabase('postgres');
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-redis-error-'));
let server: OwnRedisServer;
let url: string;

beforeAll(async () => {
  server = await startOwnRedisServer({ args: ['--rename-command', 'AUTH', ''] });
  url = server.url.replace('redis://', `redis://:${PASSWORD}@`);
  await (await initializeDatabase({ url: database.url })).close();
  writeFileSync(path.join(dir, 'task.mjs'), 'export default (x) => x;\n');
  writeFileSync(path.join(dir, 'data.jsonl'), '{"id":"a","input":1,"expected":1}\n');
});

afterAll(async () => {
  await server?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const QUOTED = "ERR unknown command 'auth', with args beginning with: '***'";
const evaluate = ['evaluate', '--task', 'task.mjs', '--dataset', 'data.jsonl', '--metrics', 'exact_match'];

describe("a Redis error quoting the queue URL's password", () => {
  it.each([
    ['queue status --queue', () => ['queue', 'status', '--queue', url], {}],
    ['queue status with LLM_EVAL_QUEUE_URL', () => ['queue', 'status'], { queueInEnv: true }],
    ['evaluate --queue', () => [...evaluate, '--queue', url, '--database-url', database.url], {}],
    ['evaluate --queue --detach', () => [...evaluate, '--queue', url, '--database-url', database.url, '--detach'], {}],
  ])('is printed with the password hidden by %s', async (_, args, { queueInEnv }: { queueInEnv?: boolean }) => {
    const { code, stdout, stderr } = await runCli(args(), { cwd: dir, env: queueInEnv ? { LLM_EVAL_QUEUE_URL: url } : {} });
    expect(code).toBe(1);
    expect(stderr).toContain(`llm-eval: Cannot reach the queue's Redis at ${url.replace(PASSWORD, '***')}: ${QUOTED}`);
    expect(stdout + stderr).not.toContain(PASSWORD);
  });

  it('is logged by a worker with the password hidden', async () => {
    const worker = startCli(['worker', '--queue', url, '--database-url', database.url, '--name', 'wq'], { cwd: dir });
    try {
      await waitFor('the worker to log the Redis error', async () => worker.output().stderr.includes(`worker wq: ${QUOTED}`) || worker.child.exitCode !== null);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    const { stdout, stderr } = worker.output();
    expect(stderr).toContain(`error: worker wq: the queue's Redis at ${url.replace(PASSWORD, '***')}: ${QUOTED}`);
    expect(stderr).toContain(`error: worker wq: ${QUOTED}`);
    expect(stdout + stderr).not.toContain(PASSWORD);
  });
});
