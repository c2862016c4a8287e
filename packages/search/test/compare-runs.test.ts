import { initializeDatabase, type Database } from '@llm-eval/storage';
import { RunSearchEngine } from '../src';
import { compareStoredRuns } from '../src/compare/compare-runs';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

// A hand-worked pair: 8 shared items, one only in A, one only in B.
// exact_match (pass/fail): A passes q0 q1 q2 q3, B passes q0 q1 q4 q5 q6 → b = 2 (q2, q3), c = 3 (q4, q5, q6).
// quality (numeric): B − A on q0..q7 = +0.1 +0.2 -0.3 +0.4 +0.5 +0.6 +0.7 0 → mean over 8 pairs = 2.2 / 8 = 0.275.
const A = {
  q0: { exact_match: true, quality: 0.5 },
  q1: { exact_match: true, quality: 0.4 },
  q2: { exact_match: true, quality: 0.9 },
  q3: { exact_match: true, quality: 0.1 },
  q4: { exact_match: false, quality: 0.2 },
  q5: { exact_match: false, quality: 0.3 },
  q6: { exact_match: false, quality: 0.1 },
  q7: { exact_match: false, quality: 0.6 },
  onlyA: { exact_match: true, quality: 1 },
};
const B = {
  q0: { exact_match: true, quality: 0.6 },
  q1: { exact_match: true, quality: 0.6 },
  q2: { exact_match: false, quality: 0.6 },
  q3: { exact_match: false, quality: 0.5 },
  q4: { exact_match: true, quality: 0.7 },
  q5: { exact_match: true, quality: 0.9 },
  q6: { exact_match: true, quality: 0.8 },
  q7: { exact_match: false, quality: 0.6 },
  onlyB: { exact_match: false, quality: 0 },
};

describe.each(DATABASE_KINDS)('compareRuns on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let a: string;
  let b: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const store = async (name: string, items: Record<string, Record<string, unknown>>, extra: object) =>
      (
        await db.runs.importRun(
          { name, metricsUsed: ['exact_match', 'quality'], status: 'completed', ...extra },
          Object.entries(items).map(([itemId, scores]) => ({ itemId, scores: scores as never, responseTime: 1 })),
        )
      ).id;
    const at = new Date(Date.UTC(2026, 0, 1));
    a = await store('baseline', A, { durationSeconds: 0, totalCost: 0, startedAt: at, completedAt: at });
    b = await store('candidate', B, { durationSeconds: 12 });
  });
  afterAll(() => db?.close());

  it('gives no duration for a run without a start time or a duration (its stored 0 is no measurement), nor a change', async () => {
    const unknown = (await db.runs.importRun({ name: 'no start', metricsUsed: ['exact_match'], status: 'completed' }, [{ itemId: 'x', scores: { exact_match: true } }])).id;
    const r = await engine.compareRuns(unknown, b);
    expect(r.summary.durationSeconds).toEqual({ a: null, b: 12, absolute: null, relative: null });
  });

  it('computes summary deltas B − A, with a null relative change when the baseline is 0', async () => {
    const r = await engine.compareRuns(a, b);
    expect(r.runA.id).toBe(a);
    expect(r.summary.durationSeconds).toEqual({ a: 0, b: 12, absolute: 12, relative: null });
    expect(r.summary.successRate).toEqual({ a: 1, b: 1, absolute: 0, relative: 0 });
  });

  it('uses McNemar on pass/fail metrics and a paired t interval', async () => {
    const r = await engine.compareRuns(a, b);
    const em = r.metrics.find((m) => m.metric === 'exact_match')!;
    expect(em).toMatchObject({ kind: 'boolean', pairs: 8, test: 'mcnemar-exact', discordant: { b: 2, c: 3 } });
    // Exact two-sided binomial: 2 · P(X ≤ 2 | n = 5, p = ½) = 2 · 16/32 = 1 (capped at 1).
    expect(em.pValue).toBe(1);
    expect(em.meanA).toBe(0.5);
    expect(em.meanB).toBe(0.625);
    expect(em.difference).toBeCloseTo(0.125, 12);
    // 5 discordant pairs: even 5 to 0 would give p = 2 / 32 > 0.05, so no outcome could be significant.
    expect(em).toMatchObject({ informativePairs: 5, pValueAdjusted: null, verdict: 'insufficient_data' });
  });

  it('uses Wilcoxon signed-rank on numeric metrics, with a deterministic interval around the mean difference', async () => {
    const r = await engine.compareRuns(a, b);
    const q = r.metrics.find((m) => m.metric === 'quality')!;
    expect(q).toMatchObject({ kind: 'numeric', pairs: 8, test: 'wilcoxon-signed-rank' });
    expect(q.difference).toBeCloseTo(0.275, 12);
    expect(q.ci.low!).toBeLessThan(0.275);
    expect(q.ci.high!).toBeGreaterThan(0.275);
    // Zero dropped → 7 differences, ranks of |d|: .1→1 .2→2 .3→3 .4→4 .5→5 .6→6 .7→7; W− = 3, W+ = 25.
    // Exact two-sided p = 2 · P(W ≤ 3 | n = 7) = 2 · 5/128 = 0.078125.
    expect(q.pValue).toBeCloseTo(0.078125, 10);
    // The only metric that can reach alpha, so Holm leaves its p as it is; not significant, and 7 pairs differ: a
    // change is not shown, nor ruled out.
    expect(q).toMatchObject({ informativePairs: 7, pValueAdjusted: q.pValue, verdict: 'not_significant' });
    expect(r.significance).toEqual({ alpha: 0.05, correction: 'holm', minimumPairs: 6 });
    // Student t interval of the 8 differences: scipy.stats.t.interval(0.95, 7, loc=mean(d), scale=scipy.stats.sem(d))
    expect(q.ci.low!).toBeCloseTo(-0.006742062941838545, 10);
    expect(q.ci.high!).toBeCloseTo(0.5567420629418386, 10);
    const again = await compareStoredRuns(db.dataSource, a, b, {}, false);
    expect(again.metrics).toEqual(r.metrics);
  });

  it('lists improved, regressed and unpaired items, largest change first', async () => {
    const r = await engine.compareRuns(a, b, { primaryMetric: 'quality' });
    expect(r.items.counts).toEqual({ improved: 6, regressed: 1, unchanged: 1, withoutScore: 0, onlyInA: 1, onlyInB: 1 });
    expect(r.items.improved.map((i) => i.itemId)).toEqual(['q6', 'q5', 'q4', 'q3', 'q1', 'q0']);
    expect(r.items.regressed.map((i) => i.itemId)).toEqual(['q2']);
    expect(r.items.regressed[0]!.deltas.quality).toBeCloseTo(-0.3, 12);
    expect(r.items.onlyInA).toEqual(['onlyA']);
    expect(r.items.onlyInB).toEqual(['onlyB']);
  });

  it('caches by ordered pair and options, serves (B, A) flipped, and recomputes after a run changes', async () => {
    const options = { confidence: 0.9 };
    const first = await engine.compareRuns(a, b, options);
    const second = await engine.getComparison(a, b, options);
    expect([first.fromCache, second.fromCache]).toEqual([false, true]);
    expect(second.metrics).toEqual(first.metrics);

    const flipped = await engine.compareRuns(b, a, options);
    expect(flipped.fromCache).toBe(true);
    const fresh = await compareStoredRuns(db.dataSource, b, a, options, false);
    expect(flipped.runA.id).toBe(b);
    expect(flipped.summary).toEqual(fresh.summary);
    for (const [m, f] of flipped.metrics.map((m, i) => [m, fresh.metrics[i]!] as const)) {
      expect(m.difference).toBeCloseTo(f.difference!, 12);
      expect(m.ci.low).toBeCloseTo(f.ci.low!, 12);
      expect(m.ci.high).toBeCloseTo(f.ci.high!, 12);
      expect(m.pValue).toBeCloseTo(f.pValue!, 12);
      expect(m.verdict).toBe(f.verdict);
      expect(m.discordant).toEqual(f.discordant);
    }
    expect(flipped.items.counts).toEqual(fresh.items.counts);
    expect(flipped.items.improved.map((i) => i.itemId)).toEqual(fresh.items.improved.map((i) => i.itemId));

    const count = async () => Number((await db.dataSource.query(`SELECT COUNT(*) AS n FROM "run_comparisons"`))[0].n);
    const before = await count();
    await db.runs.addItems(b, [{ itemId: 'late', scores: { quality: 1, exact_match: true } }]);
    const after = await engine.compareRuns(a, b, options);
    expect(after.fromCache).toBe(false);
    expect(after.items.counts.onlyInB).toBe(2);
    expect(await count()).toBe(before); // the stale entry for (a, b, these options) was replaced, not kept
  });

  it('says insufficient data for a 1-item comparison, however large its change', async () => {
    const store = (name: string, quality: number, exact: boolean) =>
      db.runs.importRun({ name, metricsUsed: ['exact_match', 'quality'], status: 'completed' }, [{ itemId: 'only', scores: { exact_match: exact, quality } }]);
    const [one, other] = [await store('one-a', 0, false), await store('one-b', 1, true)];
    const r = await engine.compareRuns(one.id, other.id);
    for (const m of r.metrics) expect(m).toMatchObject({ pairs: 1, informativePairs: 1, pValueAdjusted: null, ci: { low: null, high: null }, verdict: 'insufficient_data' });
    expect((await engine.compareRuns(other.id, one.id)).metrics.map((m) => m.verdict)).toEqual(['insufficient_data', 'insufficient_data']);
  });

  it('counts scores equal up to float noise as unchanged (0.1 + 0.2 vs 0.3)', async () => {
    const store = (name: string, quality: number) =>
      db.runs.importRun({ name, metricsUsed: ['quality'], status: 'completed' }, Array.from({ length: 8 }, (_, i) => ({ itemId: `f${i}`, scores: { quality } })));
    const [x, y] = [await store('noise-a', 0.1 + 0.2), await store('noise-b', 0.3)];
    const r = await engine.compareRuns(x.id, y.id);
    expect(r.metrics[0]).toMatchObject({ pairs: 8, informativePairs: 0, difference: 0, pValue: 1, verdict: 'unchanged' });
    expect(r.items.counts).toMatchObject({ improved: 0, regressed: 0, unchanged: 8 });
  });

  it('needs the Holm-adjusted p-value below alpha: 6 of 6 changed items is significant alone, not with a second such metric', async () => {
    // 20 items; B loses exact_match and quality on the same 6: McNemar p = Wilcoxon p = 2 / 64 = 0.03125.
    const items = (broken: boolean) =>
      Array.from({ length: 20 }, (_, i) => ({ itemId: `h${i}`, scores: { exact_match: !(broken && i < 6), quality: broken && i < 6 ? 0.25 : 1 } }));
    const base = await db.runs.importRun({ name: 'holm-a', metricsUsed: ['exact_match', 'quality'], status: 'completed' }, items(false));
    const worse = await db.runs.importRun({ name: 'holm-b', metricsUsed: ['exact_match', 'quality'], status: 'completed' }, items(true));
    const both = await engine.compareRuns(base.id, worse.id);
    for (const m of both.metrics) expect(m).toMatchObject({ pValue: 0.03125, pValueAdjusted: 0.0625, verdict: 'not_significant' });
    const alone = await engine.compareRuns(base.id, worse.id, { metrics: ['quality'] });
    expect(alone.metrics[0]).toMatchObject({ pValue: 0.03125, pValueAdjusted: 0.03125, verdict: 'regressed' });
    // ... and the interval must clear --min-effect too (the mean change is -0.225): with 0.3 it neither clears it nor
    // lies within ±0.3, so no claim either way; with 0.5 the whole interval is within ±0.5: unchanged, as far as a
    // change of 0.5 matters.
    const withMinEffect = async (minEffect: number) => (await engine.compareRuns(base.id, worse.id, { metrics: ['quality'], minEffect })).metrics[0]!;
    const third = await withMinEffect(0.3);
    expect(third.ci.low!).toBeLessThan(-0.3);
    expect(third.verdict).toBe('not_significant');
    const half = await withMinEffect(0.5);
    expect(half.ci.low!).toBeGreaterThanOrEqual(-0.5);
    expect(half.verdict).toBe('unchanged');
  });

  it('refuses to compare a run with itself and names missing runs', async () => {
    await expect(engine.compareRuns(a, a)).rejects.toThrow(/two different runs/);
    await expect(engine.compareRuns(a, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/No run/);
  });
});
