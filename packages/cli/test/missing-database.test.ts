import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A mistyped SQLite path must not become a new, empty database (directories and all) that then reads as "no runs":
// commands that read or change stored records say the file is not there. evaluate, db init, db migrate and serve
// still create it.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-missing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('commands on a SQLite file that does not exist', () => {
  const missing = path.join(dir, 'typo', 'dir', 'runs.db');
  const url = `sqlite:///${missing}`;

  it.each([
    [['runs', 'list']],
    [['runs', 'show', 'latest']],
    [['runs', 'search', 'failed runs']],
    [['runs', 'cancel', 'latest']],
    [['runs', 'recover']],
    [['projects', 'list']],
    [['tokens', 'list']],
    [['audit', 'list']],
  ])('%j: exit 1 naming the file, and nothing is created', async (args) => {
    const r = await runCli([...args, '--database-url', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `llm-eval: The SQLite file of ${url} was not found; create it by running an evaluation or llm-eval db init --database-url <the same URL> (or check --database-url / LLM_EVAL_DATABASE_URL).\n`,
    );
    expect(existsSync(path.join(dir, 'typo'))).toBe(false);
  });

  it('from the environment too, with what looks like a password redacted', async () => {
    const r = await runCli(['runs', 'list'], { cwd: dir, env: { LLM_EVAL_DATABASE_URL: 'sqlite:///u:s3cret@/nonexist/x.db' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The SQLite file of sqlite:///u:***@/nonexist/x.db was not found');
    expect(r.stdout + r.stderr).not.toContain('s3cret');
    expect(existsSync(path.join(dir, 'u:s3cret@'))).toBe(false);
    const health = await runCli(['db', 'health'], { cwd: dir, env: { LLM_EVAL_DATABASE_URL: 'sqlite:///u:s3cret@/nonexist/x.db' } });
    expect(health.code).toBe(1);
    expect(health.stdout).toContain('was not found');
    expect(health.stdout + health.stderr).not.toContain('s3cret');
  });

  it('evaluate and db init still create it', async () => {
    const fresh = path.join(dir, 'fresh', 'runs.db');
    const init = await runCli(['db', 'init', '--database-url', `sqlite:///${fresh}`]);
    expect(init.code).toBe(0);
    expect(existsSync(fresh)).toBe(true);
    const list = await runCli(['runs', 'list', '--database-url', `sqlite:///${fresh}`]);
    expect(list.code).toBe(0);
  });
});
