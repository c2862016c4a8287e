import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { initializeDatabase, type ItemInput } from '@llm-eval/storage';
import { runCli } from './cli-process';

// A metric on a small scale (0.00012 → 0.00031) printed its means as 0 and 0 beside "improved". A mean below 0.001
// in size now has 3 significant digits, as Δ and the CI bounds do; larger means print as before, --json keeps numbers.
const A = 'eeee0011-0000-4000-8000-000000000011';
const B = 'eeee0012-0000-4000-8000-000000000012';
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-compare-small-'));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 20 items: `small` averages 0.00012 in A and 0.00031 in B (differences vary, so there is an interval); `large`
// averages 0.5 in both; `tiny` 1.5e-7 in A and 0 in B.
const smallA = (i: number) => 0.00012 + (i % 2 ? 1e-6 : -1e-6);
const smallB = (i: number) => 0.00031 + (i % 4 < 2 ? 2e-6 : -2e-6);

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  const items = (side: 'A' | 'B') =>
    Array.from({ length: 20 }, (_, i): ItemInput => ({
      itemId: `q${i}`,
      status: 'completed',
      scores: { small: side === 'A' ? smallA(i) : smallB(i), large: 0.5, tiny: side === 'A' ? 1.5e-7 : 0 },
    }));
  await db.runs.importRun({ id: A, name: 'small-a', status: 'completed', metricsUsed: ['small', 'large', 'tiny'] }, items('A'));
  await db.runs.importRun({ id: B, name: 'small-b', status: 'completed', metricsUsed: ['small', 'large', 'tiny'] }, items('B'));
  await db.close();
});

const compare = (...args: string[]) => runCli(['runs', 'compare', A, B, ...args, '--database-url', url]);

describe('runs compare means of a small-scale metric', () => {
  it('the table prints means below 0.001 with 3 significant digits, others as before', async () => {
    const r = await compare();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const row = (metric: string) => r.stdout.split('\n').find((line) => line.includes(`│ ${metric} `))!;
    expect(row('small')).toMatch(/│ 20 +│ 0\.00012 +│ 0\.00031 +│ \+0\.00019 +│ \[\+0\.000\d+, \+0\.000\d+\] +│.*│ improved/);
    expect(row('large')).toMatch(/│ 20 +│ 0\.5 +│ 0\.5 +│ \+0\.000 +│/);
    expect(row('tiny')).toMatch(/│ 20 +│ 1\.5e-7 +│ 0 +│ −1\.5e-7 +│/);
  });

  it('Markdown prints the same means', async () => {
    const r = await compare('--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| small \| wilcoxon \| 20 \| 0\.00012 \| 0\.00031 \| \+0\.00019 \| \[\+0\.000\d+, \+0\.000\d+\] \|/);
    expect(r.stdout).toMatch(/\| large \| .* \| 20 \| 0\.5 \| 0\.5 \|/);
    expect(r.stdout).toMatch(/\| tiny \| .* \| 20 \| 1\.5e-7 \| 0 \|/);
  });

  it('--json keeps the exact means', async () => {
    const r = await compare('--json');
    expect(r.code).toBe(0);
    const metric = (name: string) => JSON.parse(r.stdout).metrics.find((m: { metric: string }) => m.metric === name);
    const mean = (f: (i: number) => number) => Array.from({ length: 20 }, (_, i) => f(i)).reduce((s, v) => s + v, 0) / 20;
    expect(metric('small').meanA).toBeCloseTo(mean(smallA), 15);
    expect(metric('small').meanB).toBeCloseTo(mean(smallB), 15);
    expect(metric('tiny')).toMatchObject({ meanA: 1.5e-7, meanB: 0 });
  });
});
