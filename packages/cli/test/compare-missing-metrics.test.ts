import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { initializeDatabase, type ItemInput } from '@llm-eval/storage';
import { runCli } from './cli-process';

// `runs compare A B --metric nosuch` printed "insufficient data" and exited 0, so a typo let --fail-on-regression
// pass in CI. A metric neither run has is now a usage error naming what they have; one only a run has is warned about
// on stderr, and a gate on a metric the user named fails (exit 1) when one run lacks it.
const A = 'eeee0001-0000-4000-8000-000000000001';
const B = 'eeee0002-0000-4000-8000-000000000002';
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-compare-missing-'));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  const items = (withF1: boolean) =>
    Array.from({ length: 20 }, (_, i): ItemInput => ({ itemId: `q${i}`, status: 'completed', scores: { exact_match: true, ...(withF1 ? { f1: 0.9 } : {}) } }));
  await db.runs.importRun({ id: A, name: 'baseline', status: 'completed', metricsUsed: ['exact_match', 'f1'] }, items(true));
  await db.runs.importRun({ id: B, name: 'candidate', status: 'completed', metricsUsed: ['exact_match'] }, items(false));
  await db.close();
});

const compare = (...args: string[]) => runCli(['runs', 'compare', A, B, ...args, '--database-url', url]);
const F1_WARNING = 'llm-eval: warning: f1 is missing from run B (eeee0002), so it has no scores to compare (insufficient data) and cannot be checked for a regression.\n';

describe('runs compare --metric naming metrics the runs lack', () => {
  it('a metric neither run has is exit 2 naming the metrics each run has, with or without --json and the gate', async () => {
    for (const extra of [[], ['--json'], ['--fail-on-regression'], ['--metric', 'exact_match', '--format', 'markdown']]) {
      const r = await compare('--metric', 'nosuch', ...extra);
      expect(r.stderr).toBe('llm-eval: --metric nosuch: neither run has this metric (run A (eeee0001) has: exact_match, f1; run B (eeee0002) has: exact_match).\n');
      expect(r.stdout).toBe('');
      expect(r.code).toBe(2);
    }
    const same = await runCli(['runs', 'compare', A, A.slice(0, 8), '--metric', 'nosuch', 'typo', '--database-url', url]);
    expect(same.stderr).toBe('llm-eval: --metric nosuch, typo: neither run has these metrics (both runs have: exact_match, f1).\n');
    expect(same.code).toBe(2);
  });

  it('a metric only one run has: a warning on stderr; the gate on it fails (exit 1) instead of passing unchecked', async () => {
    const plain = await compare('--metric', 'f1');
    expect(plain.stderr).toBe(F1_WARNING);
    expect(plain.stdout).toMatch(/f1 .* insufficient data/);
    expect(plain.code).toBe(0);

    const gate = await compare('--metric', 'f1', '--metric', 'exact_match', '--fail-on-regression', '--json');
    expect(gate.stderr).toBe(F1_WARNING + 'FAIL: --fail-on-regression could not check f1: missing from one of the runs.\n');
    expect(JSON.parse(gate.stdout).metrics.map((m: { metric: string; verdict: string }) => [m.metric, m.verdict])).toEqual([
      ['f1', 'insufficient_data'],
      ['exact_match', 'unchanged'],
    ]);
    expect(gate.code).toBe(1);
    const table = await compare('--metric', 'f1', '--fail-on-regression');
    expect(table.stderr).toContain('FAIL: --fail-on-regression could not check f1');
    expect(table.code).toBe(1);
  });

  it('without --metric the gate warns about a metric only one run has, and still passes on the metrics both have', async () => {
    const gate = await compare('--fail-on-regression');
    expect(gate.stderr).toBe(F1_WARNING);
    expect(gate.code).toBe(0);
    const ok = await compare('--metric', 'exact_match', '--fail-on-regression');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    // Without the gate or --metric nothing is said, as before.
    expect((await compare()).stderr).toBe('');
  });
});
