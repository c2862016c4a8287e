import { initializeDatabase, type Database } from '@llm-eval/storage';
import { RunSearchEngine } from '../src';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

// What the adversarial tester found with `runs compare`, through stored runs and the comparison cache.
describe.each(DATABASE_KINDS)('comparison edge cases on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  const store = async (name: string, scores: Array<Record<string, unknown>>, status?: (i: number) => 'completed' | 'failed') =>
    (
      await db.runs.importRun(
        { name, metricsUsed: ['m'], status: 'completed' },
        scores.map((s, i) => ({ itemId: `i${i}`, status: status?.(i) ?? 'completed', scores: s as never })),
      )
    ).id;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  it('gives constant differences no interval (it was [+1, +1] beside p = 0.25), computed, cached and flipped', async () => {
    const a = await store('zeros', [{ m: 0 }, { m: 0 }, { m: 0 }]);
    const b = await store('ones', [{ m: 1 }, { m: 1 }, { m: 1 }]);
    const first = await engine.compareRuns(a, b);
    const cached = await engine.compareRuns(a, b);
    const flipped = await engine.compareRuns(b, a);
    expect([first.fromCache, cached.fromCache, flipped.fromCache]).toEqual([false, true, true]);
    for (const r of [first, cached]) {
      // scipy.stats.binomtest(3, 3).pvalue == 0.25
      expect(r.metrics[0]).toMatchObject({ difference: 1, pValue: 0.25, verdict: 'insufficient_data' });
      expect(r.metrics[0]!.ci).toEqual({ low: null, high: null, confidence: 0.95, reason: 'constant-differences' });
    }
    expect(flipped.metrics[0]!.ci).toEqual({ low: null, high: null, confidence: 0.95, reason: 'constant-differences' });
  });

  it('counts a change of 5e-324 or 1e-300 against 0 as none, and still finds a 1e-7 shift of scores near 1e-6', async () => {
    for (const tiny of [5e-324, 1e-300]) {
      const a = await store(`zero-${tiny}`, Array.from({ length: 30 }, () => ({ m: 0 })));
      const b = await store(`tiny-${tiny}`, Array.from({ length: 30 }, (_, i) => ({ m: i % 2 ? tiny : -tiny })));
      const r = await engine.compareRuns(a, b);
      expect(r.metrics[0]).toMatchObject({ informativePairs: 0, difference: 0, verdict: 'unchanged' });
      expect(r.items.counts).toMatchObject({ improved: 0, regressed: 0, unchanged: 30 });
    }
    const small = Array.from({ length: 30 }, (_, i) => 1e-6 * (1 + (0.37 * ((i * 7) % 11)) / 11));
    const a = await store('small-a', small.map((m) => ({ m })));
    const b = await store('small-b', small.map((x, i) => ({ m: x + 1e-7 + 2e-8 * ((i % 5) - 2) })));
    const r = await engine.compareRuns(a, b);
    expect(r.metrics[0]).toMatchObject({ informativePairs: 30, verdict: 'improved' });
    expect(r.items.counts).toMatchObject({ improved: 30, unchanged: 0 });
  });

  it('counts an item whose metric errored in A apart (withoutScore), so the counts add up to the paired items', async () => {
    const a = await store('errored', [{ m: { error: 'not a number: "0.7"' } }, ...Array.from({ length: 9 }, (_, i) => ({ m: 0.1 * i }))]);
    const b = await store('scored', [{ m: 0.6 }, ...Array.from({ length: 9 }, (_, i) => ({ m: 0.1 * i + 0.05 * (i + 1) }))]);
    const r = await engine.compareRuns(a, b);
    expect(r.items.counts).toEqual({ improved: 9, regressed: 0, unchanged: 0, withoutScore: 1, onlyInA: 0, onlyInB: 0 });
    expect(r.metrics[0]).toMatchObject({ pairs: 9, informativePairs: 9 });
    const flipped = await engine.compareRuns(b, a);
    expect(flipped.items.counts).toEqual({ improved: 0, regressed: 9, unchanged: 0, withoutScore: 1, onlyInA: 0, onlyInB: 0 });
  });

  it('has no metric pairs when every item failed in both runs: every paired item is withoutScore, the metric insufficient_data', async () => {
    const failed = () => 'failed' as const;
    const a = await store('all-failed-a', Array.from({ length: 8 }, () => ({})), failed);
    const b = await store('all-failed-b', Array.from({ length: 8 }, () => ({})), failed);
    const r = await engine.compareRuns(a, b);
    expect(r.metrics[0]).toMatchObject({ metric: 'm', pairs: 0, verdict: 'insufficient_data', ci: { low: null, high: null, reason: 'too-few-pairs' } });
    expect(r.items.counts).toEqual({ improved: 0, regressed: 0, unchanged: 0, withoutScore: 8, onlyInA: 0, onlyInB: 0 });
  });
});
