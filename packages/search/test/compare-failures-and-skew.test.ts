import { initializeDatabase, type Database, type ItemInput } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Two ways a comparison used to say more, or less, than its data: a task that started failing (its items have no
// scores, so every metric's pairs left them out and said "unchanged"), and a rank test significant one way while the
// mean moved the other (200 items gain 0.05, 50 lose 0.30: Wilcoxon p = 3.6e-5 "for B", the mean is worse).
describe('comparisons of failing tasks and skewed changes', () => {
  const database = useEmptyDatabase('sqlite');
  let db: Database;
  let engine: RunSearchEngine;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const store = async (name: string, items: ItemInput[], metricsUsed: string[]) =>
    (await db.runs.importRun({ name, metricsUsed, status: 'completed' }, items)).id;

  it('a task that fails on the items A got right: the success test regresses (McNemar), in the Holm family', async () => {
    const a = await store('fail-A', Array.from({ length: 100 }, (_, i) => ({ itemId: `q${i}`, scores: { exact_match: i < 50 ? 1 : 0 } })), ['exact_match']);
    const b = await store(
      'fail-B',
      Array.from({ length: 100 }, (_, i) =>
        (i < 50 ? { itemId: `q${i}`, status: 'failed', scores: {}, errorMessage: 'boom' } : { itemId: `q${i}`, scores: { exact_match: 0 } }) as ItemInput,
      ),
      ['exact_match'],
    );
    const r = await engine.compareRuns(a, b);
    expect(r.metrics.find((m) => m.metric === 'exact_match')).toMatchObject({ pairs: 50, verdict: 'unchanged' });
    expect(r.success).toMatchObject({
      metric: 'success',
      kind: 'boolean',
      test: 'mcnemar-exact',
      pairs: 100,
      informativePairs: 50,
      meanA: 1,
      meanB: 0.5,
      discordant: { b: 50, c: 0 },
      verdict: 'regressed',
    });
    // McNemar exact: 2 x 0.5^50 (SciPy: binomtest(0, 50).pvalue).
    expect(r.success.pValue).toBeCloseTo(1.7763568394002505e-15, 25);
    // Reversed, it is an improvement (served from the cache, flipped).
    const back = await engine.compareRuns(b, a);
    expect(back.success).toMatchObject({ meanA: 0.5, meanB: 1, discordant: { b: 0, c: 50 }, verdict: 'improved' });
  });

  it('no success verdict when no item changed status, and the metrics keep their family', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ itemId: `q${i}`, scores: { f1: i / 30 } }));
    const a = await store('same-A', items, ['f1']);
    const b = await store('same-B', items, ['f1']);
    const r = await engine.compareRuns(a, b);
    expect(r.success).toMatchObject({ pairs: 30, informativePairs: 0, verdict: 'unchanged', pValueAdjusted: null });
  });

  it('a rank test significant for B while the mean got worse gives no verdict', async () => {
    const a = await store('skew-A', Array.from({ length: 250 }, (_, i) => ({ itemId: `q${i}`, scores: { f1: 0.5 } })), ['f1']);
    const b = await store('skew-B', Array.from({ length: 250 }, (_, i) => ({ itemId: `q${i}`, scores: { f1: i % 5 ? 0.55 : 0.2 } })), ['f1']);
    const r = await engine.compareRuns(a, b);
    const f1 = r.metrics.find((m) => m.metric === 'f1')!;
    // The exact Wilcoxon p over all 2^250 sign flips of the tied ranks (counted in Python integers; SciPy's normal
    // approximation, wilcoxon(b - a, correction=True), says 3.6110053603687405e-05), ttest_rel(b, a).pvalue = 0.025050382500227567.
    expect(f1.pValue).toBeCloseTo(3.191670262181977e-5, 12);
    expect(f1.testDirection).toBe(1);
    expect(f1.difference).toBeCloseTo(-0.02, 12);
    expect(f1.ci.high!).toBeLessThan(0);
    expect(f1.meanPValue).toBeCloseTo(0.025050382500227567, 6);
    expect(f1.verdict).toBe('not_significant');
  });
});
