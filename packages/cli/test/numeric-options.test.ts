import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Every numeric option of every command is checked the same way (src/numeric-option.ts): a value that is not a
// finite number in the option's range is a usage error (exit 2) naming the option and what it accepts, before any
// task runs or any database is opened. Runs the built binary.
const BIN = path.join(__dirname, '..', 'dist', 'bin.js');
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-numeric-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dbFile = path.join(dir, 'never-created.db');
const task = path.join(dir, 'task.mjs');
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(task, 'export default (x) => x;\n');
writeFileSync(dataset, '{"id":"a","input":"x","expected":"x"}\n{"id":"b","input":"y","expected":"z"}\n');

function llmEval(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.LLM_EVAL_DATABASE_URL;
    execFile(process.execPath, [BIN, ...args, '--database-url', `sqlite:///${dbFile}`], { env, cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const evaluate = ['evaluate', '--task', task, '--dataset', dataset];

// [command, option, bad value, what the message must say the option accepts]
const CASES: Array<[string[], string, string, RegExp]> = [
  [evaluate, '--fail-under', 'abc', /--fail-under must be a number, got "abc"/],
  [evaluate, '--fail-under', 'Infinity', /--fail-under must be a number, got "Infinity"/],
  [evaluate, '--fail-under', '', /--fail-under must be a number, got ""/],
  [evaluate, '--fail-under', '1.5', /--fail-under 1\.5 is above 1: a success rate is a fraction from 0 to 1 or a percent, so write 0\.015 or 1\.5%/],
  [evaluate, '--concurrency', '0', /--concurrency must be a whole number from 1 to 1,000,000, got 0/],
  [evaluate, '--concurrency', '2.5', /--concurrency must be a whole number from 1 to 1,000,000, got 2\.5/],
  [evaluate, '--concurrency', 'lots', /--concurrency must be a whole number from 1 to 1,000,000, got "lots"/],
  [evaluate, '--timeout', '-1', /--timeout must be a whole number of milliseconds from 1 to 2,147,483,647, got -1/],
  [evaluate, '--timeout', '1e12', /--timeout must be a whole number of milliseconds from 1 to 2,147,483,647/],
  [evaluate, '--metric-timeout', '0', /--metric-timeout must be a whole number of milliseconds from 1 to 2,147,483,647, got 0/],
  [evaluate, '--metric-timeout', 'soon', /--metric-timeout must be a whole number of milliseconds from 1 to 2,147,483,647, got "soon"/],
  // A unit typed after the number: the option is in milliseconds, and the message says how many that is.
  [evaluate, '--timeout', '1s', /--timeout is in milliseconds: give a whole number such as 1000 \(for 1s\), got "1s"/],
  [evaluate, '--timeout', '2.5 s', /--timeout is in milliseconds: give a whole number such as 2500 \(for 2\.5 s\), got "2\.5 s"/],
  [evaluate, '--metric-timeout', '2min', /--metric-timeout is in milliseconds: give a whole number such as 120000 \(for 2min\), got "2min"/],
  [evaluate, '--timeout', '500ms', /--timeout is in milliseconds: give a whole number such as 500 \(for 500ms\), got "500ms"/],
  [evaluate, '--timeout', '3fortnights', /--timeout is in milliseconds: give a whole number such as 1000, got "3fortnights"/],
  [['worker', '--queue', 'redis://127.0.0.1:6379'], '--load-timeout', '30s', /--load-timeout is in milliseconds: give a whole number such as 30000 \(for 30s\), got "30s"/],
  [['worker', '--queue', 'redis://127.0.0.1:6379'], '--watchdog', '1h', /--watchdog is in milliseconds: give a whole number such as 3600000 \(for 1h\), got "1h"/],
  [['serve'], '--body-idle-timeout', '10s', /--body-idle-timeout is in milliseconds: give a whole number such as 10000 \(for 10s\), got "10s"/],
  [evaluate, '--retries', 'NaN', /--retries must be a whole number from 0 to 100, got "NaN"/],
  [evaluate, '--rps', '0', /--rps must be a number from 0\.000001 to 1,000,000, got 0/],
  [evaluate, '--rps', '1e400', /--rps must be a number from 0\.000001 to 1,000,000/],
  // Slower than one start per 2^31-1 ms the limiter cannot wait (it spun); a usage error naming the flag.
  [evaluate, '--rps', '1e-7', /--rps must be a number from 0\.000001 to 1,000,000, got 1e-7/],
  [['runs', 'show', 'latest'], '--items', '-3', /--items must be a whole number from 0 to 1,000, got -3/],
  [['runs', 'items', 'latest'], '--limit', '0', /--limit must be a whole number from 1 to 1,000, got 0/],
  [['runs', 'search', 'failed'], '--limit', 'ten', /--limit must be a whole number from 1 to 1,000, got "ten"/],
  [['runs', 'list'], '--limit', '5000', /--limit must be a whole number from 1 to 1,000, got 5000/],
  [['runs', 'list'], '--min-success-rate', 'high', /--min-success-rate must be a fraction from 0 to 1 \(0\.8\) or a percent from 0% to 100% \(80%\), got "high"/],
  [['runs', 'compare', 'latest~1', 'latest'], '--items', '1.5', /--items must be a whole number from 0 to 1,000, got 1\.5/],
  [['runs', 'compare', 'latest~1', 'latest'], '--min-effect', '-0.1', /--min-effect must be a number ≥ 0, got -0\.1/],
];

describe('numeric options', () => {
  const named = CASES.map(([command, option, value, message]) => [command[0] === 'evaluate' ? 'evaluate' : command.join(' '), option, value, message, command] as const);
  it.each(named)('%s %s %j is a usage error naming the option and its range', async (_label, option, value, message, command) => {
    const r = await llmEval([...command, option, value]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dbFile)).toBe(false);
  });

  it('rejects an option given twice or without a value', async () => {
    const twice = await llmEval([...evaluate, '--fail-under', '0.5', '--fail-under', '0.9']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/--fail-under must be a number; it was given 2 times/);
    const empty = await llmEval([...evaluate, '--concurrency']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--concurrency needs a value\./);
  });

  it('accepts valid values: --fail-under gates on the success rate, and on a metric mean of any scale', async () => {
    const passes = await llmEval([...evaluate, '--no-store', '--json', '--fail-under', '0.5', '--concurrency', '1e3', '--timeout', '0x3e8']);
    expect(passes.code).toBe(0);
    expect(JSON.parse(passes.stdout)).toMatchObject({ successRate: 1, totalItems: 2 });
    const gate = await llmEval([...evaluate, '--no-store', '--fail-metric', 'exact_match', '--fail-under', '0.75']);
    expect(gate.code).toBe(1);
    expect(gate.stderr).toMatch(/FAIL: exact_match 0\.500 is below --fail-under 0\.75/);
    const seconds = await llmEval([...evaluate, '--no-store', '--metrics', 'exact_match,response_time', '--fail-metric', 'response_time', '--fail-under', '-5']);
    expect(seconds.code).toBe(0);
    expect(existsSync(dbFile)).toBe(false);
  });
});
