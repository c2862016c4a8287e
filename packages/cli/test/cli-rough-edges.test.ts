import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// The small things a user meets first: --version, the hint after `runs show`, who a run is recorded as created by,
// a health check that does not create what it checks, and URL errors that name the option the user typed.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-rough-edges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, '{"id":"a","input":"x","expected":"x"}\n');
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => x;\n');
const sqliteUrl = (name: string) => `sqlite:///${path.join(dir, `${name}.db`)}`;

async function seedRuns(url: string, names: string[], firstDay = 1): Promise<string[]> {
  const db = await initializeDatabase({ url });
  try {
    const ids: string[] = [];
    for (const [i, name] of names.entries()) {
      const run = await db.runs.importRun(
        { name, status: 'completed', metricsUsed: ['exact_match'], createdAt: new Date(Date.UTC(2026, 0, firstDay + i)) },
        [{ itemId: 'a', scores: { exact_match: 1 } }],
      );
      ids.push(run.id);
    }
    return ids;
  } finally {
    await db.close();
  }
}

describe('llm-eval --version', () => {
  it('prints the version of the package', async () => {
    const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });
});

describe('runs show', () => {
  it('suggests comparing the run with the one before it, never with itself, and nothing when it is the only run', async () => {
    const url = sqliteUrl('show');
    const [first] = await seedRuns(url, ['first']);
    const alone = await runCli(['runs', 'show', 'latest', '--database-url', url]);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/^first /);
    expect(alone.stdout).not.toMatch(/runs compare/);
    const [second] = await seedRuns(url, ['second'], 2);
    const latest = await runCli(['runs', 'show', 'latest', '--database-url', url]);
    expect(latest.stdout).toContain(`Compare with the run before it: llm-eval runs compare ${first!.slice(0, 8)} ${second!.slice(0, 8)}`);
    expect(latest.stdout).not.toMatch(/runs compare \S+ latest/);
  });
});

describe('evaluate --created-by default', () => {
  it('is $USER, else the operating system account when USER is not set', async () => {
    const url = sqliteUrl('created-by');
    const withUser = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--json', '--database-url', url], { env: { USER: 'ana' } });
    const withoutUser = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--json', '--database-url', url], { env: { USER: undefined, USERNAME: undefined } });
    const db = await initializeDatabase({ url });
    try {
      expect((await db.runs.requireRun(JSON.parse(withUser.stdout).runId)).createdBy).toBe('ana');
      expect((await db.runs.requireRun(JSON.parse(withoutUser.stdout).runId)).createdBy).toBe(userInfo().username);
    } finally {
      await db.close();
    }
  });
});

describe('db health', () => {
  it('reports a missing SQLite file as not found, exits 1, and creates nothing', async () => {
    const file = path.join(dir, 'nested', 'missing.db');
    const url = `sqlite:///${file}`;
    const human = await runCli(['db', 'health', '--database-url', url]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^NOT OK {2}sqlite:\/\/\/.*missing\.db \(sqlite\)/);
    expect(human.stdout).toContain(`the SQLite file of ${url} was not found; create it by running an evaluation or llm-eval db init`);
    const json = await runCli(['db', 'health', '--json', '--database-url', url]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, reachable: false, backend: 'sqlite', error: expect.stringContaining('was not found') });
    expect(existsSync(file)).toBe(false);
    expect(existsSync(path.dirname(file))).toBe(false);

    const init = await runCli(['db', 'init', '--database-url', url]);
    expect(init.code).toBe(0);
    const healthy = await runCli(['db', 'health', '--json', '--database-url', url]);
    expect(healthy.code).toBe(0);
    expect(JSON.parse(healthy.stdout)).toMatchObject({ ok: true, reachable: true });
  });
});

describe('a database URL that does not parse', () => {
  it('is a usage error naming the option it came from, before any work is done', async () => {
    const flag = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--database-url', 'mysql://u:secret@h/db'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Invalid database URL .* \(from --database-url\): unsupported scheme "mysql:"/);
    expect(flag.stderr).not.toContain('secret');
    expect(flag.stdout).toBe('');
    const env = await runCli(['runs', 'list'], { env: { LLM_EVAL_DATABASE_URL: 'sqlite:/one-slash.db' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/\(from LLM_EVAL_DATABASE_URL\)/);
    for (const command of [['runs', 'list'], ['db', 'init'], ['demo']]) {
      const r = await runCli([...command, '--database-url', 'sqlite:/one-slash.db']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\(from --database-url\)/);
    }
  });
});
