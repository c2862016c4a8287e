import type { RunWithMetrics } from '@llm-eval/storage';
import { computeComparison, resolveOptions } from './compute-comparison';
import { flipComparison } from './flip-comparison';
import type { ComparedItem } from './load-run-items';

// Comparisons of in-memory items: what the numbers and counts are, whatever stores the runs.
const run = (id: string, metricsUsed: string[]): RunWithMetrics =>
  ({ id, name: id, status: 'completed', completedAt: new Date(0), totalItems: 1, successRate: 1, durationSeconds: 1, avgResponseTime: 1, totalTokens: 0, totalCost: 0, metricsUsed, metrics: [] }) as unknown as RunWithMetrics;

function compare(scoresA: Array<Record<string, unknown>>, scoresB: Array<Record<string, unknown>>, statuses?: { a?: string[]; b?: string[] }) {
  const items = (scores: Array<Record<string, unknown>>, status: string[] = []) =>
    new Map<string, ComparedItem>(scores.map((s, i) => [`i${String(i).padStart(2, '0')}`, { status: status[i] ?? 'completed', scores: s }]));
  const metrics = [...new Set([...scoresA, ...scoresB].flatMap((s) => Object.keys(s)))].sort();
  const [a, b] = [run('a', metrics), run('b', metrics)];
  return computeComparison(a, b, items(scoresA, statuses?.a), items(scoresB, statuses?.b), resolveOptions({}, a, b));
}

describe('differences that are all the same (no spread)', () => {
  it('give no interval (null, reason constant-differences) rather than a zero-width one, and keep their verdict', () => {
    // 3 items, 0 → 1 each: McNemar p = scipy.stats.binomtest(3, 3).pvalue = 0.25; the interval was [+1, +1].
    const three = compare([{ m: 0 }, { m: 0 }, { m: 0 }], [{ m: 1 }, { m: 1 }, { m: 1 }]).metrics[0]!;
    expect(three).toMatchObject({ difference: 1, pValue: 0.25, verdict: 'insufficient_data' });
    expect(three.ci).toEqual({ low: null, high: null, confidence: 0.95, reason: 'constant-differences' });
    // 10 items, each +0.1 up to rounding (0.4 − 0.3 ≠ 0.6 − 0.5 in doubles): the interval was [+0.100, +0.100]. The
    // sign-flip and Wilcoxon p are both 2 / 2^10 (scipy.stats.permutation_test(..., permutation_type='samples').pvalue
    // = scipy.stats.wilcoxon([0.1] * 10).pvalue = 0.001953125): every item moved up by the same 0.1, improved.
    const low = Array.from({ length: 10 }, (_, i) => ({ m: 0.1 * i }));
    const ten = compare(low, low.map(({ m }) => ({ m: m + 0.1 }))).metrics[0]!;
    expect(ten.ci).toEqual({ low: null, high: null, confidence: 0.95, reason: 'constant-differences' });
    expect(ten.difference).toBeCloseTo(0.1, 12);
    expect(ten).toMatchObject({ pValue: 0.001953125, meanPValue: 0.001953125, verdict: 'improved' });
    // Six: 2 / 64 = 0.03125 (scipy, as above).
    const six = compare(low.slice(0, 6), low.slice(0, 6).map(({ m }) => ({ m: m + 0.1 }))).metrics[0]!;
    expect(six).toMatchObject({ ci: { low: null, high: null, reason: 'constant-differences' }, pValue: 0.03125, meanPValue: 0.03125, verdict: 'improved' });
  });

  it('includes every pair being equal: no interval, unchanged', () => {
    const same = compare([{ m: 0.3 }, { m: 0.5 }, { m: 0.1 }, { m: 1 }, { m: 0 }, { m: 0.25 }], [{ m: 0.1 + 0.2 }, { m: 0.5 }, { m: 0.1 }, { m: 1 }, { m: 0 }, { m: 0.25 }]).metrics[0]!;
    expect(same).toMatchObject({ informativePairs: 0, difference: 0, ci: { low: null, high: null, reason: 'constant-differences' }, verdict: 'unchanged' });
  });

  it('stays without an interval when flipped', () => {
    const r = compare([{ m: 0 }, { m: 0 }, { m: 0 }], [{ m: 1 }, { m: 1 }, { m: 1 }]);
    expect(flipComparison({ ...r, fromCache: false }).metrics[0]!.ci).toEqual({ low: null, high: null, confidence: 0.95, reason: 'constant-differences' });
  });

  it('says why a single pair has no interval', () => {
    expect(compare([{ m: 0.2 }], [{ m: 0.9 }]).metrics[0]!.ci).toEqual({ low: null, high: null, confidence: 0.95, reason: 'too-few-pairs' });
  });
});

describe('tiny differences', () => {
  it('count a subnormal or 1e-300 change against 0 as no change: not regressed, items unchanged', () => {
    for (const tiny of [5e-324, 1e-300]) {
      const r = compare(Array.from({ length: 30 }, () => ({ m: tiny })), Array.from({ length: 30 }, () => ({ m: 0 })));
      expect(r.metrics[0]).toMatchObject({ informativePairs: 0, difference: 0, verdict: 'unchanged' });
      expect(r.items.counts).toMatchObject({ improved: 0, regressed: 0, unchanged: 30 });
      const mixed = compare(Array.from({ length: 30 }, (_, i) => ({ m: i % 2 ? tiny : 0 })), Array.from({ length: 30 }, (_, i) => ({ m: i % 3 ? 0 : tiny })));
      expect(mixed.metrics[0]).toMatchObject({ informativePairs: 0, verdict: 'unchanged' });
    }
  });

  it('still finds a real change on a small-scale metric (values about 1e-6, each 1e-7 higher give or take 4e-8)', () => {
    const a = Array.from({ length: 30 }, (_, i) => 1e-6 * (1 + (0.37 * ((i * 7) % 11)) / 11));
    const b = a.map((x, i) => x + 1e-7 + 2e-8 * ((i % 5) - 2));
    const r = compare(a.map((m) => ({ m })), b.map((m) => ({ m })));
    const m = r.metrics[0]!;
    expect(m).toMatchObject({ informativePairs: 30, verdict: 'improved' });
    // scipy: d = b - a; d.mean(), stats.t.interval(0.95, 29, loc=d.mean(), scale=stats.sem(d)), stats.ttest_rel(b, a).pvalue
    expect(m.difference! / 9.999999999999998e-8).toBeCloseTo(1, 10);
    expect(m.ci.low! / 8.92579276525035e-8).toBeCloseTo(1, 8);
    expect(m.ci.high! / 1.1074207234749647e-7).toBeCloseTo(1, 8);
    expect(m.meanPValue! / 6.205202966723208e-18).toBeCloseTo(1, 6);
    expect(r.items.counts).toMatchObject({ improved: 30, regressed: 0, unchanged: 0 });
    // The same shift on every item: no interval, still improved.
    const exact = compare(a.map((m) => ({ m })), a.map((x) => ({ m: x + 1e-7 }))).metrics[0]!;
    expect(exact).toMatchObject({ informativePairs: 30, ci: { low: null, high: null, reason: 'constant-differences' }, verdict: 'improved' });
  });
});

describe('items without a score in both runs', () => {
  it('are counted apart from unchanged ones, left out of the paired statistics, and the counts add up to the paired items', () => {
    // Item 0: the metric errored in A, scored 0.6 in B; items 1-9 improve by 0.1 to 0.9.
    const a: Array<Record<string, unknown>> = [{ m: { error: 'not a number: "0.7"' } }, ...Array.from({ length: 9 }, (_, i) => ({ m: 0.1 * i }))];
    const b: Array<Record<string, unknown>> = [{ m: 0.6 }, ...Array.from({ length: 9 }, (_, i) => ({ m: 0.1 * i + 0.1 * (i + 1) }))];
    const r = compare(a, b);
    expect(r.items.counts).toEqual({ improved: 9, regressed: 0, unchanged: 0, withoutScore: 1, onlyInA: 0, onlyInB: 0 });
    expect(r.metrics[0]).toMatchObject({ pairs: 9, informativePairs: 9 });
    const c = r.items.counts;
    expect(c.improved + c.regressed + c.unchanged + c.withoutScore).toBe(10);
    expect(flipComparison({ ...r, fromCache: false }).items.counts).toEqual({ improved: 0, regressed: 9, unchanged: 0, withoutScore: 1, onlyInA: 0, onlyInB: 0 });
  });

  it('include items whose task failed in both runs, but not one that started or stopped failing', () => {
    const r = compare([{}, {}, { m: 1 }, { m: 0.5 }], [{}, { m: 1 }, {}, { m: 0.5 }], { a: ['failed', 'failed', 'completed'], b: ['failed', 'completed', 'failed'] });
    expect(r.items.counts).toEqual({ improved: 1, regressed: 1, unchanged: 1, withoutScore: 1, onlyInA: 0, onlyInB: 0 });
  });
});

describe('4-decimal scores near 0.5 whose changes tie on paper', () => {
  it('rank the ties alike and give SciPy\'s p, with no verdict (it was p 0.048828125, improved)', () => {
    // Changes 3, 1, −1, 4, 0, −3, 2, 4, 3, −2, 5, 3, 1 (× 1e-4). scipy.stats.wilcoxon(np.round(B − A, 12),
    // method=scipy.stats.PermutationMethod(n_resamples=np.inf)).pvalue = 0.05224609375
    const pairs = [[0.4748, 0.4751], [0.3166, 0.3167], [0.4231, 0.423], [0.8944, 0.8948], [0.8488, 0.8488], [0.377, 0.3767], [0.5381, 0.5383], [0.8996, 0.9], [0.2991, 0.2994], [0.3211, 0.3209], [0.4688, 0.4693], [0.4821, 0.4824], [0.7444, 0.7445]];
    const m = compare(pairs.map(([x]) => ({ m: x })), pairs.map(([, y]) => ({ m: y }))).metrics[0]!;
    expect(m).toMatchObject({ informativePairs: 12, pValue: 0.05224609375, verdict: 'not_significant' });
  });
});

describe('the primary metric of the item lists', () => {
  it('is one both runs score: B\'s first metric, missing from A, left every item without a score', () => {
    const a = run('a', ['score']);
    const b = run('b', ['extra', 'score']);
    const items = (scores: Array<Record<string, number>>) => new Map<string, ComparedItem>(scores.map((s, i) => [`i${i}`, { status: 'completed', scores: s }]));
    const itemsA = items(Array.from({ length: 20 }, (_, i) => ({ score: i / 40 })));
    const itemsB = items(Array.from({ length: 20 }, (_, i) => ({ extra: 1, score: i / 40 + 0.1 })));
    const r = computeComparison(a, b, itemsA, itemsB, resolveOptions({}, a, b));
    expect(r.items.primaryMetric).toBe('score');
    expect(r.items.counts).toMatchObject({ improved: 20, withoutScore: 0 });
    // Among metrics both score, the runs' own order still decides; an explicit choice is kept.
    expect(resolveOptions({}, run('a', ['f1', 'score']), run('b', ['extra', 'score', 'f1'])).primaryMetric).toBe('score');
    expect(resolveOptions({ primaryMetric: 'extra' }, a, b).primaryMetric).toBe('extra');
  });
});
