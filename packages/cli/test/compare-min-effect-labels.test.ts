import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { initializeDatabase, type ItemInput } from '@llm-eval/storage';
import { runCli } from './cli-process';

// With --min-effect, a metric whose change is significant (p < 0.0001) but whose interval does not clear the minimum
// effect printed "not significant" beside "<0.0001", and the legend said "not significant: no change shown". It now
// reads "not significant beyond ±0.05", explained as no change larger than the minimum effect shown.
const A = 'eeee0021-0000-4000-8000-000000000021';
const B = 'eeee0022-0000-4000-8000-000000000022';
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-compare-min-effect-'));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 40 items: quality 0.5 in A and 0.55 ± up to 0.05 in B: Δ = +0.05, its interval straddles +0.05.
const noise = (i: number) => (((i * 7) % 11) - 5) / 100;

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  const items = (side: 'A' | 'B') =>
    Array.from({ length: 40 }, (_, i): ItemInput => ({ itemId: `q${i}`, status: 'completed', scores: { quality: side === 'A' ? 0.5 : 0.55 + noise(i) } }));
  await db.runs.importRun({ id: A, name: 'effect-a', status: 'completed', metricsUsed: ['quality'] }, items('A'));
  await db.runs.importRun({ id: B, name: 'effect-b', status: 'completed', metricsUsed: ['quality'] }, items('B'));
  await db.close();
});

const compare = (...args: string[]) => runCli(['runs', 'compare', A, B, '--min-effect', '0.05', ...args, '--database-url', url]);

describe('runs compare --min-effect with a significant change that does not clear it', () => {
  it('the table says "not significant beyond ±0.05" and the legend what that means', async () => {
    const r = await compare();
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((line) => line.includes('│ quality'))!;
    expect(row).toMatch(/│ <0\.0001 +│ <0\.0001 +│ not significant beyond ±0\.05 │/);
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('not significant beyond ±0.05: no change larger than the minimum effect shown, none ruled out');
    expect(flat).not.toContain('not significant: no change shown');
  });

  it('so does the Markdown', async () => {
    const r = await compare('--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| quality \|.*\| <0\.0001 \| <0\.0001 \| not significant beyond ±0\.05 \|/);
    expect(r.stdout).toContain('not significant beyond ±0.05: no change larger than the minimum effect shown, none ruled out');
  });

  it('--json keeps the verdict value', async () => {
    const r = await compare('--json');
    const quality = JSON.parse(r.stdout).metrics[0];
    expect(quality.verdict).toBe('not_significant');
    expect(quality.pValueAdjusted).toBeLessThan(0.0001);
    expect(quality.ci.low).toBeLessThan(0.05);
    expect(quality.ci.high).toBeGreaterThan(0.05);
  });
});
