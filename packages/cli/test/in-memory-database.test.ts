import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// An in-memory database is created empty by each command and is gone when it exits. Reading commands answered
// `--database-url sqlite::memory:` with "run `llm-eval db init --database-url sqlite::memory:` first", which cannot
// work; demo ran both evaluations and then failed with "No run id starts with …"; evaluate pointed at
// `llm-eval runs show <run>`, a run that no longer existed. Now the first two are usage errors saying to use a file
// URL, and evaluate still runs but says where its run went.
const MESSAGE =
  'llm-eval: sqlite::memory: is an in-memory database: it does not outlive one command, so nothing another command stored is ever in it; use a file URL such as sqlite:///./llm_eval_runs.db.\n';
const WRITE_MESSAGE =
  'llm-eval: sqlite::memory: is an in-memory database: it does not outlive one command, so what this command stores is gone when it exits; use a file URL such as sqlite:///./llm_eval_runs.db.\n';
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--database-url sqlite::memory:', () => {
  it.each([
    [['runs', 'list']],
    [['runs', 'show', 'latest', '--json']],
    [['runs', 'compare', 'latest~1', 'latest']],
    [['runs', 'search', 'failed runs']],
    [['runs', 'delete', 'latest', '--yes']],
    [['projects', 'list']],
    [['tokens', 'list']],
  ])('%j: exit 2, saying to use a file URL', async (args) => {
    const r = await runCli([...args, '--database-url', 'sqlite::memory:'], { cwd: dir });
    expect(r.stderr).toBe(MESSAGE);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  // They used to report success and throw the result away: a token whose secret could never authenticate anything.
  it.each([
    [['db', 'init']],
    [['db', 'init', '--json']],
    [['db', 'migrate', 'export.json']],
    [['tokens', 'create', '--name', 'ci', '--project', '*', '--role', 'admin']],
    [['tokens', 'create', '--name', 'ci', '--project', 'alpha', '--role', 'viewer', '--json']],
    [['projects', 'set-retention', 'alpha', '90d']],
    // The demo stores its runs itself: "nothing another command stored is ever in it" was the wrong reason.
    [['demo', '--offline']],
    [['demo']],
  ])('%j, which writes for later commands: exit 2, saying what it stores would be gone', async (args) => {
    const r = await runCli([...args, '--database-url', 'sqlite::memory:'], { cwd: dir });
    expect(r.stderr).toBe(WRITE_MESSAGE);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  it('from LLM_EVAL_DATABASE_URL (and spelled sqlite:///:memory:) too', async () => {
    const r = await runCli(['runs', 'list', '--json'], { cwd: dir, env: { LLM_EVAL_DATABASE_URL: 'sqlite:///:memory:' } });
    expect(r.stderr).toBe(MESSAGE);
    expect(r.code).toBe(2);
    const init = await runCli(['db', 'init'], { cwd: dir, env: { LLM_EVAL_DATABASE_URL: 'sqlite:///:memory:' } });
    expect(init.stderr).toBe(WRITE_MESSAGE);
    expect(init.code).toBe(2);
  });

  it('db health names it instead of advising db init', async () => {
    const r = await runCli(['db', 'health', '--json', '--database-url', 'sqlite::memory:'], { cwd: dir });
    expect(r.code).toBe(1);
    const health = JSON.parse(r.stdout);
    expect(health).toMatchObject({ ok: false, reachable: true });
    expect(health.error).toBe(MESSAGE.slice('llm-eval: '.length, -2));
  });

  it('evaluate still runs and stores, and says the run is gone when it exits instead of pointing at runs show', async () => {
    const task = path.join(dir, 'task.cjs');
    const dataset = path.join(dir, 'd.jsonl');
    writeFileSync(task, 'module.exports = (i) => { if (i === "b") throw new Error("boom"); return i; };\n');
    writeFileSync(dataset, '{"input":"a","expected":"a"}\n{"input":"b","expected":"b"}\n');
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--database-url', 'sqlite::memory:'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Stored as run [0-9a-f-]{36} in sqlite::memory:, an in-memory database gone when this command exits; to keep runs, use a file URL such as sqlite:\/\/\/\.\/llm_eval_runs\.db$/m,
    );
    expect(r.stdout).toContain('1 of 2 items failed');
    expect(r.stdout).not.toContain('llm-eval runs');
    const json = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--database-url', 'sqlite::memory:', '--json'], { cwd: dir });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ totalItems: 2 });
  });
});
