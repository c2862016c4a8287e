import { createRng } from '@llm-eval/stats';
import { assignVerdicts } from './assign-verdicts';
import { binomialUpperBound } from './binomial-margin';
import { testMetric } from './test-metric';
import type { MetricComparison } from './comparison-types';

// Verdicts by simulation with a fixed seed: under no true change, a comparison shows ANY improved/regressed
// verdict (across all its metrics) at most alpha of the time, up to a computed binomial margin; under a real
// change the verdicts fire. Uses the same testMetric + assignVerdicts that compareRuns does.

const ALPHA = 0.05;
const SIZES = [1, 2, 3, 5, 10, 30, 100];
const REPS = 600;
type Kind = 'binary' | 'continuous' | 'graded';
// Bound once: under Jest's vm sandbox every `Math.x` lookup in a hot loop is a slow global access.
const { sqrt, log, cos, PI, min, max, round } = Math;

/** Standard normal draws (Box–Muller). */
function normal(rng: () => number): number {
  return sqrt(-2 * log(1 - rng())) * cos(2 * PI * rng());
}

/**
 * One item's scores in A and B: items differ in difficulty (so A and B are correlated, as in real runs) and
 * B is shifted by `effect`. binary: pass with probability p_item (+ effect); continuous: item level + noise;
 * graded: a 0..1 score in steps of 0.25 (many ties, the exact tied Wilcoxon path).
 */
function scorePair(kind: Kind, rng: () => number, effect: number): [number, number] {
  if (kind === 'binary') {
    const p = rng();
    return [Number(rng() < p), Number(rng() < min(1, p + effect))];
  }
  const level = rng();
  const a = level + 0.1 * normal(rng);
  const b = level + effect + 0.1 * normal(rng);
  return kind === 'continuous' ? [a, b] : [round(min(1, max(0, a)) * 4) / 4, round(min(1, max(0, b)) * 4) / 4];
}

function simulateComparison(kind: Kind, n: number, metricCount: number, effect: number, rng: () => number): MetricComparison[] {
  const tested = Array.from({ length: metricCount }, (_, k) => {
    const pairs = Array.from({ length: n }, () => scorePair(kind, rng, effect));
    return testMetric({ metric: `m${k}`, kind: kind === 'binary' ? 'boolean' : 'numeric', lowerIsBetter: false, pairs, confidence: 1 - ALPHA });
  });
  return assignVerdicts(tested, { confidence: 1 - ALPHA, minEffect: 0 }).metrics;
}

const fired = (metrics: MetricComparison[]) => metrics.some((m) => m.verdict === 'improved' || m.verdict === 'regressed');

describe('verdicts under no true change', () => {
  // 3 kinds x 2 metric counts x 7 sizes = 42 cells; a per-cell tail of 1e-4 keeps the chance that any cell of a
  // correct procedure fails by bad luck below 42 x 1e-4 = 0.4% (and the seed is fixed, so it never flakes).
  const bound = binomialUpperBound(REPS, ALPHA, 1e-4);

  it('computes the margin: at most 52 of 600 comparisons (8.7%) for a true rate of 5%', () => {
    expect(bound).toBe(52);
  });

  for (const kind of ['binary', 'continuous', 'graded'] as const) {
    for (const metricCount of [1, 10]) {
      it(`${kind}, ${metricCount} metric(s): any verdict in at most alpha + margin of comparisons at n = ${SIZES.join(', ')}`, () => {
        const rng = createRng(1000 * metricCount + kind.length);
        const counts = SIZES.map((n) => {
          let count = 0;
          for (let r = 0; r < REPS; r++) if (fired(simulateComparison(kind, n, metricCount, 0, rng))) count++;
          return count;
        });
        expect(SIZES.filter((_, i) => counts[i]! > bound)).toEqual([]);
        // Too few pairs for the exact tests to ever reach alpha: never a verdict, whatever the scores.
        expect(counts.slice(0, 4)).toEqual([0, 0, 0, 0]);
      });
    }
  }
});

// Every item that changes moves by the same amount (a graded score 0.5 <-> 0.75): all |differences| tie, every mid-rank is
// (n + 1) / 2 and the Wilcoxon test is the sign test. The chance of a false verdict is summed exactly over the number of
// items that went up, K ~ Binomial(n, 1/2) (no simulation). Above 50 pairs the normal approximation with a continuity
// correction of 0.5 made p too small: at n = 66, 41 up and 25 down gave p = 0.049 (exact 0.064), a false verdict in
// 6.4% of comparisons (5.3–6.4% for n = 53…129).
describe('verdicts when every change is the same size, summed exactly over the binomial', () => {
  const falseVerdictRate = (n: number) => {
    let rate = 0;
    let pmf = 0.5 ** n;
    for (let k = 0; k <= n; k++) {
      if (k > 0) pmf *= (n - k + 1) / k;
      const pairs = Array.from({ length: n }, (_, i): [number, number] => (i < k ? [0.5, 0.75] : [0.75, 0.5]));
      const tested = testMetric({ metric: 'graded', kind: 'numeric', lowerIsBetter: false, pairs, confidence: 1 - ALPHA });
      if (fired(assignVerdicts([tested], { confidence: 1 - ALPHA, minEffect: 0 }).metrics)) rate += pmf;
    }
    return rate;
  };

  it('66 pairs: a false improved/regressed in at most alpha of comparisons (it was 6.4%)', () => {
    const rate = falseVerdictRate(66);
    // 2 * P(K <= 24) = 2 * scipy.stats.binom.cdf(24, 66, 0.5) = 0.035583: the exact sign test's own level.
    expect(rate).toBeLessThanOrEqual(ALPHA);
    expect(rate).toBeCloseTo(2 * 0.017791362226115846, 10);
  });

  it('51 to 130 pairs: at most alpha at every n', () => {
    const sizes = Array.from({ length: 80 }, (_, i) => 51 + i);
    expect(sizes.filter((n) => falseVerdictRate(n) > ALPHA)).toEqual([]);
  });
});

// Item changes that are skewed but whose mean is truly 0 (most items gain a little, a few lose a lot): the rank test
// rightly finds the typical item better, which is no evidence about the mean the verdict reports. Measured before the
// directions had to agree: 94 of 1,000 comparisons of 5 metrics at n = 200 got a verdict (9.4%).
describe('verdicts under skewed changes with no change of the mean', () => {
  it('5 metrics, 200 pairs: any verdict in at most alpha + margin of comparisons', () => {
    const rng = createRng(4242);
    const bound = binomialUpperBound(REPS, ALPHA, 1e-4);
    let count = 0;
    for (let r = 0; r < REPS; r++) {
      const tested = Array.from({ length: 5 }, (_, k) => {
        const pairs = Array.from({ length: 200 }, (): [number, number] => {
          const a = 0.5 + 0.1 * normal(rng);
          return [a, a + (rng() < 0.8 ? 0.04 : -0.16)];
        });
        return testMetric({ metric: `m${k}`, kind: 'numeric', lowerIsBetter: false, pairs, confidence: 1 - ALPHA });
      });
      if (fired(assignVerdicts(tested, { confidence: 1 - ALPHA, minEffect: 0 }).metrics)) count++;
    }
    expect(count).toBeLessThanOrEqual(bound);
  });
});

// The README's table of false-verdict rates by n, pinned (fixed seeds): item changes with a true mean of 0, skewed (four
// in five items gain 0.04, one loses 0.16) and symmetric (normal, sd 0.1). At small n a skewed sample is often
// indistinguishable from a real shift (all six items gained 0.04 in 0.8^6 = 26% of samples), so every test of the mean
// fires on it: the exact sign-flip permutation test of the mean, tried as the guard up to 20 differing pairs, gave the
// same rates to 0.1 point (and 1 point more for symmetric changes of 5 metrics at n = 8-10). Counts of 1,000.
describe('false-verdict rates by number of pairs (the README table)', () => {
  const SKEWED_SIZES = [6, 8, 10, 20, 30, 50];
  const rates = (change: (rng: () => number) => number, metricCount: number, seed: number) =>
    SKEWED_SIZES.map((n) => {
      const rng = createRng(seed + n);
      let count = 0;
      for (let r = 0; r < 1000; r++) {
        const tested = Array.from({ length: metricCount }, (_, k) => {
          const pairs = Array.from({ length: n }, (): [number, number] => {
            const a = 0.5 + 0.1 * normal(rng);
            return [a, a + change(rng)];
          });
          return testMetric({ metric: `m${k}`, kind: 'numeric', lowerIsBetter: false, pairs, confidence: 1 - ALPHA });
        });
        if (fired(assignVerdicts(tested, { confidence: 1 - ALPHA, minEffect: 0 }).metrics)) count++;
      }
      return count;
    });
  const skewed = (rng: () => number) => (rng() < 0.8 ? 0.04 : -0.16);
  const symmetric = (rng: () => number) => 0.1 * normal(rng);

  it(`skewed changes, n = ${SKEWED_SIZES.join(', ')}: well above alpha at small n, near it from n = 30 (one metric)`, () => {
    expect(rates(skewed, 1, 100)).toEqual(SKEWED_ONE);
    expect(rates(skewed, 5, 500)).toEqual(SKEWED_FIVE);
  });

  it(`symmetric changes, n = ${SKEWED_SIZES.join(', ')}: at most alpha + margin`, () => {
    const one = rates(symmetric, 1, 100);
    const five = rates(symmetric, 5, 500);
    expect(one).toEqual(SYMMETRIC_ONE);
    expect(five).toEqual(SYMMETRIC_FIVE);
    const bound = binomialUpperBound(1000, ALPHA, 1e-4);
    expect([...one, ...five].filter((c) => c > bound)).toEqual([]);
  });
});
const SKEWED_ONE = [240, 180, 99, 80, 39, 58];
const SKEWED_FIVE = [0, 601, 441, 338, 210, 96];
const SYMMETRIC_ONE = [31, 29, 53, 30, 26, 41];
const SYMMETRIC_FIVE = [0, 25, 39, 35, 28, 38];

describe('verdicts under a real change', () => {
  it('fire in the right direction with enough pairs (power), one metric and ten', () => {
    const rng = createRng(7);
    const power = (kind: Kind, n: number, metricCount: number, effect: number) => {
      let improved = 0;
      let regressed = 0;
      for (let r = 0; r < 200; r++) {
        const metrics = simulateComparison(kind, n, metricCount, effect, rng);
        improved += metrics.filter((m) => m.verdict === 'improved').length;
        regressed += metrics.filter((m) => m.verdict === 'regressed').length;
      }
      return { improved: improved / (200 * metricCount), regressed };
    };
    // binary: pass rate +0.3 per item; continuous/graded: +0.1 on a per-score noise of 0.1 (effect size ~0.7).
    for (const [kind, effect] of [['binary', 0.3], ['continuous', 0.1], ['graded', 0.1]] as const) {
      const one = power(kind, 100, 1, effect);
      const ten = power(kind, 100, 10, effect);
      expect(one.regressed + ten.regressed).toBe(0);
      expect(one.improved).toBeGreaterThan(0.95);
      expect(ten.improved).toBeGreaterThan(0.9);
      expect(power(kind, 30, 1, effect).improved).toBeGreaterThan(0.5);
    }
  });
});

// "unchanged" by minEffect claims |Δ| < minEffect for a metric: with 10 metrics each truly shifted by just more than
// minEffect (0.0505 against 0.05), 18 of 100 comparisons called some metric unchanged when each was judged by its own
// 95% interval. Two one-sided tests at alpha / 10 per metric (the 99% interval within ±0.05) bound that by alpha.
describe('unchanged by minEffect across 10 metrics', () => {
  const equivalenceRun = (n: number, effect: number, rng: () => number) => {
    const tested = Array.from({ length: 10 }, (_, k) => {
      const pairs = Array.from({ length: n }, () => scorePair('continuous', rng, effect));
      return testMetric({ metric: `m${k}`, kind: 'numeric', lowerIsBetter: false, pairs, confidence: 1 - ALPHA });
    });
    return assignVerdicts(tested, { confidence: 1 - ALPHA, minEffect: 0.05 }).metrics;
  };

  it('Δ = 0.0505 just beyond minEffect 0.05, n = 200: some metric unchanged in at most alpha + margin of comparisons', () => {
    const rng = createRng(5050);
    // 300 comparisons: at most 31 (10.3%) for a true rate of 5%. Each metric judged by its own 95% interval, this gave 139
    // of 600 comparisons (23%).
    const bound = binomialUpperBound(300, ALPHA, 1e-4);
    expect(bound).toBe(31);
    let count = 0;
    for (let r = 0; r < 300; r++) if (equivalenceRun(200, 0.0505, rng).some((m) => m.verdict === 'unchanged')) count++;
    expect(count).toBeLessThanOrEqual(bound);
  });

  it('true equivalence (Δ = 0, n = 1,000) is still found: nearly every metric unchanged', () => {
    const rng = createRng(5051);
    let unchanged = 0;
    for (let r = 0; r < 20; r++) unchanged += equivalenceRun(1000, 0, rng).filter((m) => m.verdict === 'unchanged').length;
    expect(unchanged / 200).toBeGreaterThan(0.95);
  });
});

// "improved" with minEffect claims Δ > minEffect: with 10 metrics each truly shifted by exactly minEffect, the Holm test
// against 0 is no test of that, and each metric's own 95% interval clearing minEffect is not corrected for the 10
// metrics: 34 of 200 comparisons called some metric improved. A one-sided test of Δ > minEffect at alpha / m per metric
// (the lower end of the (1 − 2·alpha/m) interval above minEffect) bounds that by alpha.
describe('improved beyond minEffect across 10 metrics', () => {
  const run = (n: number, effect: number, rng: () => number) => {
    const tested = Array.from({ length: 10 }, (_, k) => {
      const pairs = Array.from({ length: n }, () => scorePair('continuous', rng, effect));
      return testMetric({ metric: `m${k}`, kind: 'numeric', lowerIsBetter: false, pairs, confidence: 1 - ALPHA });
    });
    return assignVerdicts(tested, { confidence: 1 - ALPHA, minEffect: 0.05 }).metrics;
  };

  it('Δ = minEffect exactly, n = 200: some metric improved in at most alpha + margin of comparisons', () => {
    const rng = createRng(5052);
    const bound = binomialUpperBound(300, ALPHA, 1e-4);
    let count = 0;
    for (let r = 0; r < 300; r++) if (run(200, 0.05, rng).some((m) => m.verdict === 'improved')) count++;
    expect(count).toBeLessThanOrEqual(bound);
  });

  it('a change well beyond minEffect (Δ = 0.1, n = 200) is still found on nearly every metric', () => {
    const rng = createRng(5053);
    let improved = 0;
    for (let r = 0; r < 20; r++) improved += run(200, 0.1, rng).filter((m) => m.verdict === 'improved').length;
    expect(improved / 200).toBeGreaterThan(0.95);
  });
});
