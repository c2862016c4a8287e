import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// Two runs of 98,000 pairs: the McNemar p-value underflows to exactly 0, and `runs compare` printed p and adj. p as
// "0" (Markdown "| 0 | 0 |"), a certainty no test gives. Below 0.0001 a p-value is now "<0.0001", as the dashboard
// shows it; --json keeps the number.
describe('runs compare with a p-value too small to print', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (...args: string[]) => runCli(['runs', 'compare', 'latest~1', 'latest', ...args, '--database-url', database.url]);
  const ITEMS = 1100;

  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      // exact_match goes from 0 to 1 on all 1,100 items (p = 2·0.5^1100, which is 0 as a double); `other` on 12 of
      // them (p ≈ 4.9e-4, printed as before).
      for (const [name, score] of [['before', 0], ['after', 1]] as const) {
        const items = Array.from({ length: ITEMS }, (_, i) => ({ itemId: `q${i}`, scores: { exact_match: score, other: i < 12 ? score : 1 } }));
        await db.runs.importRun({ name, status: 'completed', metricsUsed: ['exact_match', 'other'] }, items);
      }
    } finally {
      await db.close();
    }
  });

  it('the table prints <0.0001 for p and adj. p, and a p of 0.0001 or more as before', async () => {
    const r = await cli();
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((line) => line.includes('│ exact_match'))!;
    expect(row).toMatch(/│ <0\.0001 +│ <0\.0001 +│ improved/);
    // Holm's correction multiplies the larger of the two p-values by 1: both cells read 4.9e-4.
    expect(r.stdout.split('\n').find((line) => line.includes('│ other'))).toMatch(/│ 4\.9e-4 +│ 4\.9e-4 +│ improved/);
  });

  it('Markdown prints <0.0001 too', async () => {
    const r = await cli('--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| exact\\_match \|.*\| <0\.0001 \| <0\.0001 \| \*\*improved\*\* \|/);
  });

  it('--json keeps the number', async () => {
    const r = await cli('--json');
    const metric = JSON.parse(r.stdout).metrics.find((m: { metric: string }) => m.metric === 'exact_match');
    expect(metric.pValue).toBe(0);
    expect(metric.pValueAdjusted).toBe(0);
  });
});
