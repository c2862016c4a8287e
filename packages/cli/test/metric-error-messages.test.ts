import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A metric that threw was only a count in the errors column (evaluate, runs show) and "broken=error" in runs items:
// why it failed was in an export alone. The most frequent messages of each metric are shown now, as those of failed
// items are: on one line, cut, control characters shown; --json carries them exactly as counted.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-metric-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(dataset, [1, 2, 3, 4].map((i) => JSON.stringify({ id: `i${i}`, input: i, expected: String(i) })).join('\n'));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default async (i) => String(i);');
const metrics = path.join(dir, 'metrics.mjs');
writeFileSync(
  metrics,
  [
    // Three items fail with one message, the fourth with another holding a line feed and an ESC.
    `export function broken(output) { if (output === '4') throw new Error('odd\\n│ FAKE \\u001b[2J'); throw new Error('metric boom: OPENAI key missing'); }`,
    'export function fine() { return 1; }',
  ].join('\n'),
);
const ARGS = ['--task', task, '--dataset', dataset, '--metric-file', metrics, '--metrics', 'broken,fine', '--concurrency', '1'];

interface Counted {
  message: string;
  count: number;
}

describe('evaluate names why a metric errored', () => {
  it('in its summary', async () => {
    const run = await runCli(['evaluate', ...ARGS, '--no-store'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Metric errors:');
    expect(run.stdout).toMatch(/^ {2}broken: 3 × Error: metric boom: OPENAI key missing$/m);
    expect(run.stdout).toMatch(/^ {2}broken: 1 × Error: odd␊│ FAKE ␛\[2J$/m);
    expect(run.stdout).not.toMatch(/^│ FAKE/m);
  });

  it('in --json', async () => {
    const run = await runCli(['evaluate', ...ARGS, '--no-store', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { metricErrors: Record<string, Counted[]> };
    expect(result.metricErrors).toEqual({
      broken: [
        { message: 'Error: metric boom: OPENAI key missing', count: 3 },
        { message: 'Error: odd\n│ FAKE \u001b[2J', count: 1 },
      ],
    });
  });
});

describe.each(DATABASE_KINDS)('stored metric errors on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let runId = '';

  beforeAll(async () => {
    const run = await runCli(['evaluate', ...ARGS, '--json', '--database-url', database.url], { cwd: dir });
    expect(run.stderr).toBe('');
    runId = (JSON.parse(run.stdout) as { runId: string }).runId;
  });

  it('runs show lists the most frequent messages per metric', async () => {
    const run = await runCli(['runs', 'show', runId, '--database-url', database.url], { cwd: dir });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Metric errors'));
    expect(at).toBeGreaterThan(0);
    const table = lines.slice(at).join('\n');
    expect(table).toMatch(/│ broken +│ 3 +│ Error: metric boom: OPENAI key missing/);
    expect(table).toMatch(/│ broken +│ 1 +│ Error: odd␊│ FAKE ␛\[2J/);
    expect(run.stdout).not.toMatch(/^│ FAKE/m);
  });

  it('runs show --json has them, exact', async () => {
    const run = await runCli(['runs', 'show', runId, '--json', '--database-url', database.url], { cwd: dir });
    expect(run.code).toBe(0);
    const details = JSON.parse(run.stdout) as { metricErrors: Record<string, Counted[]> };
    expect(details.metricErrors).toEqual({
      broken: [
        { message: 'Error: metric boom: OPENAI key missing', count: 3 },
        { message: 'Error: odd\n│ FAKE \u001b[2J', count: 1 },
      ],
    });
  });

  it('runs items shows each item its metric error', async () => {
    const run = await runCli(['runs', 'items', runId, '--database-url', database.url], { cwd: dir });
    expect(run.code).toBe(0);
    const row = run.stdout.split('\n').find((l) => l.startsWith('│ i1 '))!;
    expect(row).toContain('broken: Error: metric boom');
    const fourth = run.stdout.split('\n').find((l) => l.startsWith('│ i4 '))!;
    expect(fourth).toContain('broken: Error: odd⏎│ FAKE ␛[2J');
  });
});
