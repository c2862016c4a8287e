import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { initializeDatabase, type ItemInput } from '@llm-eval/storage';
import { runCli } from './cli-process';

// A metric on a small scale (scores near 0.0001) printed as 0 in `runs trend`'s min/max/last line and its chart's axis
// (every label 0.000), and in the item scores `runs items` and `runs show` print. Values below 0.001 now keep 3
// significant digits, as `runs compare` prints them.
const A = 'eeee0021-0000-4000-8000-000000000021';
const B = 'eeee0022-0000-4000-8000-000000000022';
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-small-scores-'));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  const items = (score: number) => Array.from({ length: 4 }, (_, i): ItemInput => ({ itemId: `q${i}`, status: 'completed', scores: { small: score, large: 0.5 } }));
  await db.runs.importRun({ id: A, name: 'small-a', status: 'completed', metricsUsed: ['small', 'large'], createdAt: new Date(Date.now() - 2 * 86_400_000) }, items(0.00012));
  await db.runs.importRun({ id: B, name: 'small-b', status: 'completed', metricsUsed: ['small', 'large'] }, items(0.00031));
  await db.close();
});

describe('scores below 0.001', () => {
  it('runs trend prints min, max and last with 3 significant digits, and an axis that tells them apart', async () => {
    const r = await runCli(['runs', 'trend', 'small', '--database-url', url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/min 0\.00012 +max 0\.00031 +last 0\.00031 /);
    const labels = r.stdout.split('\n').filter((line) => /[┤┼]/.test(line)).map((line) => line.split(/[┤┼]/)[0]!.trim());
    expect(labels.length).toBeGreaterThan(2);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('runs items prints each score with 3 significant digits; larger scores as before', async () => {
    const r = await runCli(['runs', 'items', B, '--database-url', url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('small=0.00031');
    expect(r.stdout).toContain('large=0.5');
  });
});
