import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// Success-rate thresholds were read two ways: `runs list --min-success-rate` took values up to 1 as fractions and
// above 1 as percents (1 was 100% but 2 was 2%), `evaluate --fail-under 80` was a usage error (0–1 only). Both now
// take a fraction from 0 to 1 or an explicit percent (80%); a bare number above 1 is a usage error saying what to write.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-success-rates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
// Fails the item whose input is "y": a success rate of 50%.
const task = file('task.mjs', 'export default (x) => { if (x === "y") throw new Error("no"); return x; };\n');
const half = file('half.jsonl', '{"id":"a","input":"x","expected":"x"}\n{"id":"b","input":"y","expected":"y"}\n');
const full = file('full.jsonl', '{"id":"a","input":"x","expected":"x"}\n');
// Every item succeeds, half of them match: an exact_match mean of 0.5.
const mismatched = file('mismatched.jsonl', '{"id":"a","input":"x","expected":"x"}\n{"id":"b","input":"x","expected":"z"}\n');
const cli = (...args: string[]) => runCli([...args, '--database-url', url], { cwd: dir });
const evaluate = (dataset: string, ...args: string[]) => cli('evaluate', '--task', task, '--dataset', dataset, ...args);

beforeAll(async () => {
  expect((await evaluate(half, '--name', 'half')).code).toBe(0);
  expect((await evaluate(full, '--name', 'full')).code).toBe(0);
});

const names = async (value: string) => {
  const run = await cli('runs', 'list', '--min-success-rate', value, '--json');
  expect({ value, code: run.code, stderr: run.stderr }).toEqual({ value, code: 0, stderr: '' });
  return (JSON.parse(run.stdout).runs as Array<{ name: string }>).map((r) => r.name).sort();
};

describe('runs list --min-success-rate', () => {
  it('takes a fraction from 0 to 1 or a percent', async () => {
    expect(await names('1')).toEqual(['full']);
    expect(await names('100%')).toEqual(['full']);
    expect(await names('0.8')).toEqual(['full']);
    expect(await names('80%')).toEqual(['full']);
    expect(await names('0.5')).toEqual(['full', 'half']);
    expect(await names('50%')).toEqual(['full', 'half']);
    expect(await names('0%')).toEqual(['full', 'half']);
  });

  it.each([
    ['80', '--min-success-rate 80 is above 1: a success rate is a fraction from 0 to 1 or a percent, so write 0.8 or 80%.'],
    ['2', '--min-success-rate 2 is above 1: a success rate is a fraction from 0 to 1 or a percent, so write 0.02 or 2%.'],
    ['150%', '--min-success-rate must be a fraction from 0 to 1 (0.8) or a percent from 0% to 100% (80%), got "150%".'],
    ['-0.5', '--min-success-rate must be a fraction from 0 to 1 (0.8) or a percent from 0% to 100% (80%), got -0.5.'],
    ['high', '--min-success-rate must be a fraction from 0 to 1 (0.8) or a percent from 0% to 100% (80%), got "high".'],
  ])('%j is a usage error (exit 2) saying what to write', async (value, message) => {
    const run = await cli('runs', 'list', '--min-success-rate', value, '--json');
    expect(run.stderr).toBe(`llm-eval: ${message}\nRun llm-eval runs list --help for usage.\n`);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });
});

describe('evaluate --fail-under', () => {
  it('takes a percent for the success rate as for a metric mean', async () => {
    const fails = await evaluate(half, '--no-store', '--fail-under', '80%');
    expect(fails.stderr).toContain('FAIL: success rate 0.500 is below --fail-under 0.8');
    expect(fails.code).toBe(1);
    expect((await evaluate(half, '--no-store', '--fail-under', '50%')).code).toBe(0);
    expect((await evaluate(half, '--no-store', '--fail-under', '0.5')).code).toBe(0);
    const metric = await evaluate(mismatched, '--no-store', '--fail-metric', 'exact_match', '--fail-under', '60%');
    expect(metric.stderr).toContain('FAIL: exact_match 0.500 is below --fail-under 0.6');
    expect(metric.code).toBe(1);
    // A metric's mean has its own scale: a bare number above 1 is still fine there.
    expect((await evaluate(half, '--no-store', '--metrics', 'exact_match,response_time', '--fail-metric', 'response_time', '--fail-under', '-5')).code).toBe(0);
  });

  it.each([
    [['--fail-under', '80'], '--fail-under 80 is above 1: a success rate is a fraction from 0 to 1 or a percent, so write 0.8 or 80%.'],
    [['--fail-under', '1.5'], '--fail-under 1.5 is above 1: a success rate is a fraction from 0 to 1 or a percent, so write 0.015 or 1.5%.'],
    [['--fail-under', '-0.1'], '--fail-under (checking the success rate) must be a fraction from 0 to 1 (0.8) or a percent from 0% to 100% (80%), got -0.1.'],
    [['--fail-under', '101%'], '--fail-under must be a number, or a percent from 0% to 100% (80%), got "101%".'],
    [['--fail-under', 'x%', '--fail-metric', 'exact_match'], '--fail-under must be a number, or a percent from 0% to 100% (80%), got "x%".'],
  ])('%j is a usage error (exit 2) before anything runs', async (args, message) => {
    const run = await evaluate(half, '--no-store', ...args);
    expect(run.stderr).toContain(`llm-eval: ${message}\n`);
    expect(run.stderr).not.toContain('evaluating');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });
});
