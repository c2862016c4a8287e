import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// yargs says "Unknown argument: metric" with no suggestion (it suggests commands, never options), "Not enough
// non-option arguments: got 1, need at least 2" without naming what is missing, "Did you mean list?" without
// repeating what was typed, and reads `--since -3d` as the flags -3 and -d. Every usage error is still one line and
// exit 2; now it says what to type.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-usage-hints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, '{"input":"a","expected":"a"}\n');
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => x;\n');
const evaluate = ['evaluate', '--task', task, '--dataset', dataset, '--no-store'];
// Nothing here may reach a database: a SQLite path that does not exist proves it (read commands would refuse it).
const db = ['--database-url', `sqlite:///${path.join(dir, 'none.db')}`];

async function usageError(args: string[]): Promise<string> {
  const r = await runCli(args, { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('usage errors that say what to type', () => {
  it.each([
    [[...evaluate, '--metric', 'exact_match'], 'llm-eval: Unknown option --metric; did you mean --metrics?\nRun llm-eval evaluate --help for usage.\n'],
    [[...evaluate, '--concurency', '4'], 'llm-eval: Unknown option --concurency; did you mean --concurrency?\nRun llm-eval evaluate --help for usage.\n'],
    [['runs', 'list', '--limt', '3', '--bogus', ...db], 'llm-eval: Unknown options --limt (did you mean --limit?), --bogus\nRun llm-eval runs list --help for usage.\n'],
    [['runs', 'compare', 'latest', ...db], 'llm-eval: runs compare needs <run-b>: llm-eval runs compare <run-a> <run-b> (e.g. llm-eval runs compare latest~1 latest).\nRun llm-eval runs compare --help for usage.\n'],
    [['runs', 'trend', ...db], 'llm-eval: runs trend needs <metric>: llm-eval runs trend <metric> (e.g. llm-eval runs trend exact_match).\nRun llm-eval runs trend --help for usage.\n'],
    [['runs', 'lst', ...db], 'llm-eval: Unknown command: runs lst. Did you mean runs list?\nRun llm-eval runs --help for usage.\n'],
    [['evalute'], 'llm-eval: Unknown command: evalute. Did you mean evaluate?\nRun llm-eval --help for usage.\n'],
    [[...evaluate, '--metrics'], 'llm-eval: --metrics needs a value.\nRun llm-eval evaluate --help for usage.\n'],
  ])('%j', async (args, message) => {
    expect(await usageError(args)).toBe(message);
  });

  it('refuses runs trend of an empty or blank metric name (it printed a note and exited 0) before reaching the database', async () => {
    for (const value of ['', '  ']) {
      expect(await usageError(['runs', 'trend', value, ...db])).toBe(
        `llm-eval: runs trend needs a metric name (or success_rate); ${JSON.stringify(value)} names none (e.g. llm-eval runs trend exact_match).\n`,
      );
    }
  });

  it('refuses --metrics naming no metric instead of falling back to exact_match', async () => {
    for (const value of ['', ' , ']) {
      expect(await usageError([...evaluate, '--metrics', value])).toBe('llm-eval: --metrics names no metric; give at least one, e.g. --metrics exact_match,fuzzy_match.\n');
    }
  });

  it('hands a negative --since, --until or --older-than to the age check instead of reading it as flags', async () => {
    for (const args of [['runs', 'list', '--since', '-3d'], ['runs', 'list', '--until', '-1w'], ['runs', 'prune', '--older-than', '-5d', '--dry-run']]) {
      const stderr = await usageError([...args, ...db]);
      expect(stderr).toContain(`"${args[3]}" must be an age greater than 0`);
      expect(stderr).not.toContain('Unknown');
    }
  });

  it('refuses a negative projects set-retention <max-age>, which yargs reads as flags, as the value it is: exit 2 saying what a valid one is', async () => {
    const valid = 'must be an age greater than 0 in whole days or weeks, e.g. 90d, 12w or 1y (365 days).';
    const help = 'Run llm-eval projects set-retention --help for usage.\n';
    for (const args of [['alpha', '-90d'], ['alpha', '-1y', '--status', 'failed'], ['alpha', '--', '-90d'], ['-90d', 'alpha']]) {
      expect(await usageError(['projects', 'set-retention', ...args, ...db])).toBe(`llm-eval: <max-age> "${args.find((a) => /^-\d/.test(a))}" ${valid}\n${help}`);
    }
    // yargs passes a plain negative number and 0d on: the command's own check says the same.
    for (const value of ['-90', '0d']) expect(await usageError(['projects', 'set-retention', 'alpha', value, ...db])).toBe(`llm-eval: <max-age> "${value}" ${valid}\n`);
    expect(await usageError(['projects', 'set-retention', 'alpha', '--90d', ...db])).toBe(`llm-eval: <max-age> "--90d" must be whole days or weeks, e.g. 90d, 12w or 1y (365 days).\n${help}`);
    // A value that is really missing is still named as missing.
    expect(await usageError(['projects', 'set-retention', 'alpha', ...db])).toContain('projects set-retention needs <max-age>');
  });
});
