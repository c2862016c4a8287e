import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A malformed LLM_EVAL_HEARTBEAT_TIMEOUT once failed `evaluate` after its run row was created (each retry left one more
// `abandoned` run) with a message that blamed "the run's details", while the read commands took it silently. Every
// command that judges a run's liveness now refuses it up front: exit 2, naming the variable. So does every other
// command (db health, db init, tokens list … exited 0 with it, though the README promised exit 2 before anything runs):
// handle() checks the environment before any command does anything.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-environment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, '{"id":"a","input":"x","expected":"x"}\n');
const called = path.join(dir, 'called');
const task = path.join(dir, 'task.mjs');
writeFileSync(task, `import { writeFileSync } from 'node:fs';\nexport default (x) => { writeFileSync(${JSON.stringify(called)}, 'yes'); return x; };\n`);
const BAD = { LLM_EVAL_HEARTBEAT_TIMEOUT: 'abc' };
const REFUSED = /^llm-eval: LLM_EVAL_HEARTBEAT_TIMEOUT must be a positive number of seconds \(e\.g\. 120\) or a duration such as 90s, 2m or 1h; got "abc"\. Fix LLM_EVAL_HEARTBEAT_TIMEOUT or unset it/;

async function runCount(url: string): Promise<number> {
  const db = await initializeDatabase({ url });
  try {
    return (await db.runs.listRuns()).total;
  } finally {
    await db.close();
  }
}

describe('evaluate with LLM_EVAL_HEARTBEAT_TIMEOUT=abc', () => {
  it('on a new SQLite file: exit 2 naming the variable, no task call, no database created', async () => {
    const file = path.join(dir, 'fresh.db');
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--database-url', `sqlite:///${file}`], { cwd: dir, env: BAD });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(REFUSED);
    expect(r.stderr).not.toContain("run's details");
    expect(r.stdout).toBe('');
    expect(existsSync(called)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it('with --no-store, which never reads it: runs as usual', async () => {
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store', '--json'], { cwd: dir, env: BAD });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totalItems).toBe(1);
    rmSync(called, { force: true });
  });

  describe.each(DATABASE_KINDS)('on %s', (kind) => {
    const database = useEmptyDatabase(kind);
    it('leaves no run behind, however often it is retried', async () => {
      for (let i = 0; i < 2; i++) {
        const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--database-url', database.url], { cwd: dir, env: BAD });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(REFUSED);
      }
      expect(existsSync(called)).toBe(false);
      expect(await runCount(database.url)).toBe(0);
    });
  });
});

describe('worker with LLM_EVAL_HEARTBEAT_TIMEOUT=abc', () => {
  it('refuses it the same way (exit 2) before it connects to anything', async () => {
    // Neither the Redis nor the database answers: a worker that went on would fail to reach them (exit 1) or wait.
    const r = await runCli(['worker', '--queue', 'redis://127.0.0.1:1', '--database-url', 'postgresql://llm@127.0.0.1:1/llm_eval'], { cwd: dir, env: BAD, killAfterMs: 30_000 });
    expect(r.killedByTest).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(REFUSED);
    expect(r.stderr).not.toContain('127.0.0.1:1');
    expect(r.stdout).toBe('');
  });
});

describe('read commands with LLM_EVAL_HEARTBEAT_TIMEOUT=abc', () => {
  const database = useEmptyDatabase('sqlite');
  it.each([
    [['runs', 'list']],
    [['runs', 'show', 'latest']],
    [['runs', 'recover', '--dry-run']],
    [['runs', 'search', 'runs from today']],
    [['projects', 'list']],
  ])('%j refuses it the same way (exit 2)', async (args) => {
    const db = await initializeDatabase({ url: database.url });
    try {
      if ((await db.runs.listRuns()).total === 0) {
        await db.runs.importRun({ name: 'seed', status: 'completed', metricsUsed: ['exact_match'] }, [{ itemId: 'a', scores: { exact_match: 1 } }]);
      }
    } finally {
      await db.close();
    }
    const ok = await runCli([...args, '--database-url', database.url], { cwd: dir });
    expect(ok.code).toBe(0);
    const r = await runCli([...args, '--database-url', database.url], { cwd: dir, env: BAD });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(REFUSED);
    expect(r.stdout).toBe('');
  });
});

describe('every other command with LLM_EVAL_HEARTBEAT_TIMEOUT=abc', () => {
  const database = useEmptyDatabase('sqlite');
  beforeAll(async () => (await initializeDatabase({ url: database.url })).close());
  const exported = path.join(dir, 'export.json');
  writeFileSync(exported, '{}');
  it.each([
    [['db', 'health']],
    [['db', 'init']],
    [['db', 'migrate', exported]],
    [['tokens', 'list']],
    [['audit', 'list']],
    [['projects', 'retention']],
  ])('%j refuses it the same way (exit 2) on a database that works without it', async (args) => {
    const ok = await runCli([...args, '--database-url', database.url], { cwd: dir });
    // db migrate of a file that is no export fails (exit 1), but it ran: the variable was not looked at.
    expect(ok.code).toBe(args[1] === 'migrate' ? 1 : 0);
    const r = await runCli([...args, '--database-url', database.url], { cwd: dir, env: BAD });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(REFUSED);
    expect(r.stdout).toBe('');
  });

  it('db init creates no database with it', async () => {
    const file = path.join(dir, 'never.db');
    const r = await runCli(['db', 'init', '--database-url', `sqlite:///${file}`], { cwd: dir, env: BAD });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(REFUSED);
    expect(existsSync(file)).toBe(false);
  });

  it('queue status refuses it before it connects to the Redis', async () => {
    const r = await runCli(['queue', 'status', '--queue', 'redis://127.0.0.1:1'], { cwd: dir, env: BAD, killAfterMs: 30_000 });
    expect(r.killedByTest).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(REFUSED);
    expect(r.stderr).not.toContain('127.0.0.1:1');
  });
});
