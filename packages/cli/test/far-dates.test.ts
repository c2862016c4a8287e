import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A date flag before year 1 or after 9999 reached the database mangled (on SQLite year -2974 was written "2974-…"), so
// `runs prune --older-than 5000y` matched every run ("created before -002974-12-04") and `--since 5000y` none.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-far-dates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const cli = (...args: string[]) => runCli([...args, '--database-url', url]);

beforeAll(async () => {
  const dataset = path.join(dir, 'data.jsonl');
  writeFileSync(dataset, `${JSON.stringify({ id: 'q1', input: 'a', expected: 'a' })}\n`);
  const task = path.join(dir, 'task.mjs');
  writeFileSync(task, 'export default (input) => input;');
  expect((await cli('evaluate', '--task', task, '--dataset', dataset, '--name', 'today')).code).toBe(0);
});

describe('a date flag outside years 1 to 9999', () => {
  it.each([
    [['runs', 'prune', '--older-than', '5000y', '--dry-run', '--json'], '--older-than "5000y" reaches further back than year 1'],
    [['runs', 'list', '--since', '5000y', '--json'], '--since "5000y" reaches further back than year 1'],
    [['runs', 'list', '--until', '60000mo', '--json'], '--until "60000mo" reaches further back than year 1'],
    [['runs', 'list', '--until', '+010000-01-01T00:00:00Z', '--json'], '--until "+010000-01-01T00:00:00Z" is after 9999-12-31'],
    [['audit', 'prune', '--before', '5000y', '--yes', '--json'], '--before "5000y" reaches further back than year 1'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const run = await cli(...args);
    expect(run.stderr).toContain(`llm-eval: ${message}`);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });

  it('deleted nothing, and a far but reachable age still works', async () => {
    const since = await cli('runs', 'list', '--since', '2000y', '--json');
    expect(JSON.parse(since.stdout)).toMatchObject({ total: 1 });
    const prune = await cli('runs', 'prune', '--older-than', '2000y', '--dry-run', '--json');
    expect(JSON.parse(prune.stdout)).toMatchObject({ matched: 0 });
  });
});
