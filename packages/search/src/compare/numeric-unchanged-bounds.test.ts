import { assignVerdicts } from './assign-verdicts';
import { changeBounds } from './equivalence-bounds';
import { testMetric } from './test-metric';

// "unchanged" by minEffect for numeric metrics whose changes are rare and one way: the t interval of all the differences
// is too narrow there, so the bounds from the changed items alone (share changed × their mean change) must lie within
// ±minEffect too. Reference values from SciPy 1.17 (scipy.stats.beta, scipy.stats.t).

const ALPHA = 0.05;
const numeric = (pairs: Array<[number, number]>) =>
  testMetric({ metric: 'fuzzy', kind: 'numeric', lowerIsBetter: false, pairs, confidence: 1 - ALPHA });
const verdict = (pairs: Array<[number, number]>, minEffect: number) =>
  assignVerdicts([numeric(pairs)], { confidence: 1 - ALPHA, minEffect }).metrics[0]!.verdict;

describe('rare changes of one size, all one way: exact bounds', () => {
  // Run A scores 0.4 on all 300 items, run B the same but 1.0 on 18. binom.cdf(18, 300, 1/12) = 0.083: 18 or fewer
  // jumps are common when Δ is truly 0.05.
  const pairs = Array.from({ length: 300 }, (_, i): [number, number] => [0.4, i < 18 ? 1.0 : 0.4]);

  it('is not unchanged within 0.05, though the 90% t interval lies within it (it was unchanged)', () => {
    const m = numeric(pairs);
    // scipy.stats.t.interval(0.95, 299, loc=d.mean(), scale=scipy.stats.sem(d)): the printed [+0.020, +0.052].
    expect(m.ci.low).toBeCloseTo(0.019783214155867288, 12);
    expect(m.ci.high).toBeCloseTo(0.052216785844132724, 12);
    // d.mean() + t.ppf(0.95, 299) * sem(d) = 0.0496 < 0.05: what "unchanged" rested on.
    expect(verdict(pairs, 0.05)).toBe('not_significant');
  });

  it('bounds Δ by 0.6 × the Clopper–Pearson bounds of the share that went up (and down), each at alpha / 2', () => {
    const bounds = changeBounds(numeric(pairs).basis!.changes!, ALPHA, 1e-12)!;
    expect(bounds.exact).toBe(true);
    // 0.6 * beta.ppf(0.975, 19, 282) and 0.6 * (beta.ppf(0.025, 18, 283) - beta.ppf(0.975, 1, 300)).
    expect(bounds.high).toBeCloseTo(0.05590217764319317, 12);
    expect(bounds.low).toBeCloseTo(0.014233739832507142, 12);
    expect(verdict(pairs, 0.056)).toBe('unchanged');
    expect(verdict(pairs, 0.0559)).toBe('not_significant');
  });

  it('takes sizes equal up to rounding as one size (0.9 − 0.3 is 0.6000000000000001), the gains at the largest', () => {
    const mixed = pairs.map(([a, b], i): [number, number] => (i < 9 ? [0.3, 0.9] : [a, b]));
    const changes = numeric(mixed).basis!.changes!;
    expect([changes.smallest, changes.largest]).toEqual([0.6, 0.6000000000000001]);
    const bounds = changeBounds(changes, ALPHA, 1e-12)!;
    expect(bounds.exact).toBe(true);
    expect(bounds.high).toBe(0.6000000000000001 * (changeBounds(numeric(pairs).basis!.changes!, ALPHA, 1e-12)!.high / 0.6));
  });

  it('scales the pass/fail bounds when changes go both ways: 5 up and 3 down by 0.25 of 300', () => {
    const both = Array.from({ length: 300 }, (_, i): [number, number] => (i < 5 ? [0.5, 0.75] : i < 8 ? [0.75, 0.5] : [0.5, 0.5]));
    const bounds = changeBounds(numeric(both).basis!.changes!, ALPHA, 1e-12)!;
    // 0.25 * (beta.ppf(0.975, 6, 295) - beta.ppf(0.025, 3, 298)) and 0.25 * (beta.ppf(0.025, 5, 296) - beta.ppf(0.975, 4, 297)).
    expect(bounds.high).toBeCloseTo(0.009099184432476027, 12);
    expect(bounds.low).toBeCloseTo(-0.0058778264851468386, 12);
  });
});

describe('rare changes of several sizes: share changed × their mean change', () => {
  // 27 of 300 items up by 0.5, 0.5077, …, 0.7 (0.5 + i / 130), the rest unchanged: Δ = 0.054.
  const sizes = Array.from({ length: 27 }, (_, i) => 0.5 + i / 130);
  const pairs = Array.from({ length: 300 }, (_, i): [number, number] => (i < 27 ? [0, sizes[i]!] : [0.5, 0.5]));

  it('bounds Δ by the Clopper–Pearson bound of the share changed times the t bound of their mean, each at alpha / 2', () => {
    const bounds = changeBounds(numeric(pairs).basis!.changes!, ALPHA, 1e-12)!;
    expect(bounds.exact).toBe(false);
    // s = the 27 sizes: beta.ppf(0.975, 28, 273) * (s.mean() + t.ppf(0.975, 26) * sem(s)) and
    // beta.ppf(0.025, 27, 274) * (s.mean() - t.ppf(0.975, 26) * sem(s)).
    expect(bounds.high).toBeCloseTo(0.08004292988902893, 10);
    expect(bounds.low).toBeCloseTo(0.03463693413622162, 10);
  });

  it('needs them within ±minEffect as well as the t interval: not unchanged at 0.075 (the 90% t interval ends at 0.0705)', () => {
    // d.mean() + t.ppf(0.95, 299) * sem(d) = 0.07047: "unchanged" at 0.075 before.
    expect(verdict(pairs, 0.075)).toBe('not_significant');
    expect(verdict(pairs, 0.081)).toBe('unchanged');
  });
});

describe('what the bounds leave alone', () => {
  it('pass/fail metrics keep their exact bounds: 5 up and 3 down of 300 is unchanged at 0.04, not at 0.035', () => {
    const passFail = Array.from({ length: 300 }, (_, i): [number, number] => (i < 5 ? [0, 1] : i < 8 ? [1, 0] : [i % 2, i % 2]));
    const tested = testMetric({ metric: 'exact_match', kind: 'boolean', lowerIsBetter: false, pairs: passFail, confidence: 1 - ALPHA });
    expect(tested.basis!.changes).toBeUndefined();
    expect(assignVerdicts([tested], { confidence: 1 - ALPHA, minEffect: 0.04 }).metrics[0]!.verdict).toBe('unchanged');
    expect(assignVerdicts([tested], { confidence: 1 - ALPHA, minEffect: 0.035 }).metrics[0]!.verdict).toBe('not_significant');
  });

  it('improved still weighs the t interval: many items up by 0.5 to 0.7 clear minEffect 0.05', () => {
    const pairs = Array.from({ length: 300 }, (_, i): [number, number] => (i < 90 ? [0, 0.5 + (i % 27) / 130] : [0.5, 0.5]));
    expect(verdict(pairs, 0.05)).toBe('improved');
  });
});
