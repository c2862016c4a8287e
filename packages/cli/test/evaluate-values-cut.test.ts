import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A dataset input over the recorded-value limit (maxValueChars, 10,000,000 characters by default) was stored cut,
// with a marker, and evaluate said nothing: the stored run and its export no longer matched the dataset. evaluate now
// warns once, counts the cut values at the end, and --max-value-chars sets the limit.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-values-cut-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default async () => "ok";\n');
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(
  dataset,
  [
    { id: 'small', input: 'a', expected: 'ok' },
    { id: 'big', input: 'y'.repeat(5_000), expected: 'ok' },
    { id: 'big-too', input: 'z'.repeat(5_000), expected: 'ok' },
  ]
    .map((item) => JSON.stringify(item))
    .join('\n'),
);

const count = (text: string, part: string) => text.split(part).length - 1;

describe('evaluate --max-value-chars', () => {
  it('1000 with 5,000-character inputs: warns once naming the item and field, counts the cut values at the end; the stored input is cut', async () => {
    const url = `sqlite:///${path.join(dir, 'cut.db')}`;
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--max-value-chars', '1000', '--concurrency', '1', '--name', 'cut', '--database-url', url], { cwd: dir });
    expect(r.code).toBe(0);
    expect(count(r.stderr, 'llm-eval: warning: item "big": its input is longer than 1,000 characters (maxValueChars) and is recorded cut')).toBe(1);
    expect(count(r.stderr, 'is recorded cut')).toBe(1);
    expect(r.stderr).toContain('llm-eval: 2 values were recorded cut (longer than 1,000 characters, --max-value-chars)');
    const exported = await runCli(['runs', 'export', 'cut', '--format', 'jsonl', '--database-url', url], { cwd: dir });
    expect(exported.code).toBe(0);
    const items = exported.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id?: string; input?: unknown });
    const big = items.find((item) => item.id === 'big');
    expect(typeof big?.input).toBe('string');
    expect((big!.input as string).length).toBeLessThan(1_100);
    expect(big!.input).toMatch(/…\[truncated \d+ characters\]$/);
  });

  it('--json carries valuesCut: the count of values recorded cut (0 when none was)', async () => {
    const cut = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--max-value-chars', '1000', '--no-store', '--json'], { cwd: dir });
    expect(cut.code).toBe(0);
    expect((JSON.parse(cut.stdout) as { valuesCut?: unknown }).valuesCut).toBe(2);
    const whole = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store', '--json'], { cwd: dir });
    expect(whole.code).toBe(0);
    expect((JSON.parse(whole.stdout) as { valuesCut?: unknown }).valuesCut).toBe(0);
  });

  it('an input nested deeper than 500 levels: warned about as too deep (no --max-value-chars advice), and so counted at the end', async () => {
    const deep = path.join(dir, 'deep.jsonl');
    const nested = `${'['.repeat(600)}${']'.repeat(600)}`;
    writeFileSync(deep, `{"id":"deep","input":${nested},"expected":"ok"}\n{"id":"plain","input":"a","expected":"ok"}\n`);
    const r = await runCli(['evaluate', '--task', task, '--dataset', deep, '--no-store'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('llm-eval: warning: item "deep": its input is nested deeper than 500 levels');
    expect(r.stderr).not.toContain('--max-value-chars');
    expect(r.stderr).toContain('llm-eval: 1 value was recorded cut (nested deeper than 500 levels, kept to that depth)');
  });

  it('says nothing when no value is cut (the default limit)', async () => {
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('recorded cut');
  });

  it.each([['99'], ['abc'], ['1.5']])('refuses %s as a usage error (exit 2) naming the option and its range', async (value) => {
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store', '--max-value-chars', value], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-value-chars must be a whole number from 100 to 1,000,000,000');
  });
});
