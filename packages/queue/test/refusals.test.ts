import { DistributedSqliteError, QueueUrlError, startWorker, submitRun } from '../src';
import { TASK_MODULE } from './helpers';

const MESSAGE =
  'Distributed runs need a database every worker can reach, and SQLite is a file on one machine: pass a PostgreSQL URL with --database-url or LLM_EVAL_DATABASE_URL (postgresql://user@host/db).';

// Nothing listens on port 1: had either call touched Redis, it would hang or fail with a connection error instead.
const queue = { url: 'redis://:hunter2@127.0.0.1:1', prefix: 'never-used' };

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe.each([
  ['an explicit SQLite URL', { databaseUrl: 'sqlite:////tmp/llm-eval-queue-refused.db' }, undefined],
  ['SQLite from LLM_EVAL_DATABASE_URL', {}, 'sqlite:///./runs.db'],
  ['the SQLite default', {}, ''],
])('%s is refused before Redis is touched', (_name, options, env) => {
  const saved = process.env.LLM_EVAL_DATABASE_URL;
  beforeEach(() => {
    if (env === undefined) return;
    if (env === '') delete process.env.LLM_EVAL_DATABASE_URL;
    else process.env.LLM_EVAL_DATABASE_URL = env;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.LLM_EVAL_DATABASE_URL;
    else process.env.LLM_EVAL_DATABASE_URL = saved;
  });

  test('by submitRun', async () => {
    const error = await failure(submitRun({ queue, ...options, task: { module: TASK_MODULE }, metrics: [], dataset: [{ input: 1 }] }));
    expect(error).toBeInstanceOf(DistributedSqliteError);
    expect(error.message.startsWith(MESSAGE)).toBe(true);
    expect(error.message).not.toContain('hunter2');
  });

  test('by startWorker', async () => {
    const error = await failure(startWorker({ queue, ...options }));
    expect(error).toBeInstanceOf(DistributedSqliteError);
    expect(error.message.startsWith(MESSAGE)).toBe(true);
  });
});

test('a malformed Redis URL with a password is refused by submitRun and startWorker without the password', async () => {
  const bad = { url: 'redis://:hunter2@host:notaport', prefix: 'x' };
  for (const error of [
    await failure(submitRun({ queue: bad, databaseUrl: 'postgresql://u:pw@127.0.0.1:1/db', task: { module: TASK_MODULE }, metrics: [], dataset: [{ input: 1 }] })),
    await failure(startWorker({ queue: bad, databaseUrl: 'postgresql://u:pw@127.0.0.1:1/db' })),
  ]) {
    expect(error).toBeInstanceOf(QueueUrlError);
    expect(error.message).not.toContain('hunter2');
  }
});
