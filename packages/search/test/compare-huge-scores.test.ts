import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Scores near the largest double (1.8e308): B − A of 1e308 and -1e308 overflows, and the mean difference was NaN
// ("−NaN" in the table) or ±Infinity with no interval and no verdict, though every item fell by the same amount.
describe.each(DATABASE_KINDS)('comparisons of scores near ±1e308 on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const store = async (name: string, score: (i: number) => number) =>
    (
      await db.runs.importRun(
        { name, metricsUsed: ['s'], status: 'completed' },
        Array.from({ length: 10 }, (_, i) => ({ itemId: `q${i}`, scores: { s: score(i) } })),
      )
    ).id;

  it('gives finite means, difference and interval when their true values are doubles', async () => {
    const a = await store('flip-A', (i) => (i % 2 ? 1e308 : -1e308));
    const b = await store('flip-B', (i) => (i % 2 ? -1e308 : 1e308));
    const m = (await engine.compareRuns(a, b)).metrics[0]!;
    // B − A is +2e308 and -2e308 five times each: mean 0, sd 2e308 * sqrt(10 / 9), so the standard error is 2e308 / 3.
    expect(m).toMatchObject({ meanA: 0, meanB: 0, difference: 0, verdict: 'not_significant' });
    const half = 2.262157162798205 * ((1e308 / 3) * 2); // scipy.stats.t.ppf(0.975, 9)
    expect(m.ci.low! / half).toBeCloseTo(-1, 12);
    expect(m.ci.high! / half).toBeCloseTo(1, 12);

    const top = await store('top', () => 1e308);
    const half1 = await store('half-down', (i) => (i < 5 ? -1e308 : 1e308));
    const down = (await engine.compareRuns(top, half1)).metrics[0]!;
    expect(down).toMatchObject({ meanA: 1e308, meanB: 0, difference: -1e308 });
  });

  it('reports a mean change beyond the largest double as -Infinity, with its verdict, and never NaN', async () => {
    const a = await store('all-top', () => 1e308);
    const b = await store('all-bottom', () => -1e308);
    const r = await engine.compareRuns(a, b);
    const m = r.metrics[0]!;
    expect(m).toMatchObject({ meanA: 1e308, meanB: -1e308, difference: -Infinity, ci: { low: null, high: null, reason: 'constant-differences' }, verdict: 'regressed' });
    expect(r.items.regressed[0]!.deltas.s).toBe(-Infinity);
    // JSON would store the infinities as null: such a comparison is not cached, so it reads the same every time.
    const again = await engine.compareRuns(a, b);
    expect(again.fromCache).toBe(false);
    expect(again.metrics[0]).toEqual(m);
  });
});
