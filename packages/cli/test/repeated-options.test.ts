import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// An option that takes one value, given twice, reached the command as an array: `tokens create --name a --name b`
// created a token named "a,b", `--database-url x --database-url y` crashed with "explicit.trim is not a function"
// (exit 1), `runs search --project a --project b` with "Too many parameter values". Now each is a usage error.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-repeated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, 'runs.db');
const url = `sqlite:///${db}`;
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(dataset, `${JSON.stringify({ id: 'q1', input: 'a', expected: 'a' })}\n`);
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (input) => input;');

beforeAll(async () => {
  expect((await runCli(['db', 'init', '--database-url', url])).code).toBe(0);
});

describe('an option that takes one value, given twice', () => {
  it.each([
    ['--database-url', ['runs', 'list', '--database-url', 'postgresql://u:S3cret@127.0.0.1/x', '--database-url', url]],
    ['--project', ['runs', 'list', '--project', 'a', '--project', 'b', '--database-url', url]],
    ['--project', ['runs', 'search', 'demo', '--project', 'a', '--project', 'b', '--database-url', url]],
    ['--name', ['tokens', 'create', '--name', 'a', '--name', 'b', '--project', 'demo', '--role', 'viewer', '--database-url', url]],
    ['--name', ['evaluate', '--task', task, '--dataset', dataset, '--name', 'a', '--name', 'b', '--database-url', url]],
    ['--since', ['runs', 'list', '--since', '7d', '--since', '8d', '--database-url', url]],
  ])('is a usage error naming %s (exit 2), and nothing is done', async (flag, args) => {
    const run = await runCli([...args, '--json']);
    expect(run.stderr).toContain(`llm-eval: ${flag} was given 2 times; give it once.`);
    expect(run.stderr).not.toContain('S3cret');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });

  it('creates no token and no run', async () => {
    const tokens = await runCli(['tokens', 'list', '--json', '--database-url', url]);
    expect(JSON.parse(tokens.stdout)).toMatchObject({ tokens: [] });
    const runs = await runCli(['runs', 'list', '--json', '--database-url', url]);
    expect(JSON.parse(runs.stdout)).toMatchObject({ total: 0 });
  });

  it('leaves options that take several values alone (--tag, --status, variadic runs)', async () => {
    const run = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--tag', 'a', '--tag', 'b', '--json', '--database-url', url]);
    expect(run.code).toBe(0);
    const listed = await runCli(['runs', 'list', '--tag', 'a', '--tag', 'b', '--status', 'completed', '--status', 'failed', '--json', '--database-url', url]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ total: 1 });
    expect(existsSync(db)).toBe(true);
  });
});
