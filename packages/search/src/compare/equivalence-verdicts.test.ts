import { assignVerdicts } from './assign-verdicts';
import { testMetric } from './test-metric';

// "unchanged" by minEffect is an equivalence claim (two one-sided tests), made for each metric at alpha / m, m the
// metrics that could get it: the (1 − 2·alpha/m) t interval must lie within ±minEffect. Never from Δ alone.

const ALPHA = 0.05;
// Ten differences B − A around +0.016. SciPy: d = [0.03, -0.02, 0.05, 0.01, -0.01, 0.04, 0.02, -0.03, 0.06, 0.01];
// scipy.stats.t.interval(c, 9, loc=d.mean(), scale=scipy.stats.sem(d)) for c = 0.90 / 0.95 / 0.99:
const DIFFS = [0.03, -0.02, 0.05, 0.01, -0.01, 0.04, 0.02, -0.03, 0.06, 0.01];
const T90 = [-0.001325907483665182, 0.03332590748366518];
const T95 = [-0.005381075337982041, 0.037381075337982045];
const T99 = [-0.014716247170414351, 0.04671624717041436];

const tested = (metric: string) =>
  testMetric({ metric, kind: 'numeric', lowerIsBetter: false, pairs: DIFFS.map((d): [number, number] => [0.5, 0.5 + d]), confidence: 1 - ALPHA });

describe('unchanged by minEffect: two one-sided tests, Bonferroni over the metrics', () => {
  it('reports the 95% interval, as before', () => {
    const m = tested('m');
    expect(m.ci.low).toBeCloseTo(T95[0]!, 12);
    expect(m.ci.high).toBeCloseTo(T95[1]!, 12);
  });

  it('one metric: the 90% interval (TOST at alpha) within ±minEffect is unchanged, though the 95% one is not', () => {
    // minEffect 0.035 lies between the 90% interval's high end (0.0333) and the 95% one's (0.0374).
    expect(T90[1]!).toBeLessThan(0.035);
    expect(T95[1]!).toBeGreaterThan(0.035);
    const [m] = assignVerdicts([tested('m')], { confidence: 1 - ALPHA, minEffect: 0.035 }).metrics;
    expect(m!.verdict).toBe('unchanged');
  });

  it('ten metrics: each needs its 99% interval (TOST at alpha / 10) within ±minEffect; the 95% one is not enough', () => {
    // minEffect 0.04 lies between the 95% interval's high end (0.0374, which gave "unchanged") and the 99% one's (0.0467).
    expect(T95[1]!).toBeLessThan(0.04);
    expect(T99[1]!).toBeGreaterThan(0.04);
    const ten = Array.from({ length: 10 }, (_, k) => tested(`m${k}`));
    const { metrics } = assignVerdicts(ten, { confidence: 1 - ALPHA, minEffect: 0.04 });
    expect(metrics.map((m) => m.verdict)).toEqual(Array(10).fill('not_significant'));
    // With 0.05, beyond the 99% interval, every one is unchanged.
    const wide = assignVerdicts(ten, { confidence: 1 - ALPHA, minEffect: 0.05 }).metrics;
    expect(wide.map((m) => m.verdict)).toEqual(Array(10).fill('unchanged'));
  });

  it('keeps the reported interval and adds nothing to the result', () => {
    const [m] = assignVerdicts([tested('m')], { confidence: 1 - ALPHA, minEffect: 0.035 }).metrics;
    expect(Object.keys(m!).sort()).toEqual(Object.keys(tested('m')).filter((k) => k !== 'basis').sort());
    expect(m!.ci).toEqual(tested('m').ci);
  });

  it('never comes from Δ when every pair differs by the same amount (it has no interval); Δ still decides improved', () => {
    // A = 0.1..0.6, B = A + 0.1: Δ = 0.09999999999999999 (rounding) was "within" ±0.1 and gave unchanged.
    const a = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    const shifted = testMetric({ metric: 'm', kind: 'numeric', lowerIsBetter: false, pairs: a.map((x): [number, number] => [x, x + 0.1]), confidence: 1 - ALPHA });
    expect(shifted.ci.reason).toBe('constant-differences');
    expect(assignVerdicts([shifted], { confidence: 1 - ALPHA, minEffect: 0.1 }).metrics[0]!.verdict).toBe('not_significant');
    // p = 2 / 2^6 = 0.03125 (scipy.stats.wilcoxon([0.1] * 6).pvalue) and Δ clears 0.05: improved, as before.
    expect(assignVerdicts([shifted], { confidence: 1 - ALPHA, minEffect: 0.05 }).metrics[0]!.verdict).toBe('improved');
  });
});

// Pass/fail metrics whose changes are rare and one way: the t interval is too narrow. 9 of 300 items went from fail to
// pass, none back: the 90% t interval [0.0106, 0.0494] lay within ±0.05 and said "unchanged", yet 9 or fewer gains in
// 300 happen with probability scipy.stats.binom.cdf(9, 300, 0.05) = 0.065 when 5% of items gain. The exact bounds:
// scipy.stats.beta.ppf(0.975, 10, 291) = 0.0562 (Clopper–Pearson at alpha / 2; no loss: the other end is 0).
describe('unchanged by minEffect for pass/fail metrics: exact bounds', () => {
  const passFail = (up: number, down: number, n: number, kind: 'boolean' | 'numeric' = 'boolean') =>
    testMetric({
      metric: 'exact_match',
      kind,
      lowerIsBetter: false,
      pairs: Array.from({ length: n }, (_, i): [number, number] => (i < up ? [0, 1] : i < up + down ? [1, 0] : [i % 2, i % 2])),
      confidence: 1 - ALPHA,
    });

  it('9 of 300 up and none down is not unchanged at minEffect 0.05 (the t interval said it was)', () => {
    const m = passFail(9, 0, 300);
    expect(m.ci.high!).toBeLessThan(0.05);
    for (const kind of ['boolean', 'numeric'] as const) {
      expect(assignVerdicts([passFail(9, 0, 300, kind)], { confidence: 1 - ALPHA, minEffect: 0.05 }).metrics[0]!.verdict).toBe('not_significant');
    }
  });

  it('is still unchanged when the exact bounds lie within ±minEffect: 5 up and 3 down of 300', () => {
    // Δ < beta.ppf(0.975, 6, 295) − beta.ppf(0.025, 3, 298) = 0.0364 and Δ > beta.ppf(0.025, 5, 296) − beta.ppf(0.975, 4, 297)
    // = −0.0235: unchanged at minEffect 0.04, not at 0.035.
    expect(assignVerdicts([passFail(5, 3, 300)], { confidence: 1 - ALPHA, minEffect: 0.04 }).metrics[0]!.verdict).toBe('unchanged');
    expect(assignVerdicts([passFail(5, 3, 300)], { confidence: 1 - ALPHA, minEffect: 0.035 }).metrics[0]!.verdict).toBe('not_significant');
  });
});

describe('significance.alpha', () => {
  it('is the decimal 1 − confidence: 1e-6 for 0.999999 (it was 1.00000000003e-06), 0.05 for 0.95', () => {
    expect(assignVerdicts([], { confidence: 0.999999, minEffect: 0 }).significance.alpha).toBe(1e-6);
    expect(assignVerdicts([], { confidence: 0.95, minEffect: 0 }).significance.alpha).toBe(0.05);
    expect(assignVerdicts([], { confidence: 0.9, minEffect: 0 }).significance.alpha).toBe(0.1);
    expect(assignVerdicts([], { confidence: 0.123456789, minEffect: 0 }).significance.alpha).toBe(0.876543211);
    expect(assignVerdicts([], { confidence: 1e-7, minEffect: 0 }).significance.alpha).toBe(0.9999999);
  });

  it('keeps p = 0.05 not significant at 0.05', () => {
    const m = { ...tested('m'), pValue: 0.05, meanPValue: 0.05, testDirection: 1 as const };
    expect(assignVerdicts([m], { confidence: 0.95, minEffect: 0 }).metrics[0]).toMatchObject({ pValueAdjusted: 0.05, verdict: 'not_significant' });
  });
});
