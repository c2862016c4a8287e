import { createRng } from '@llm-eval/stats';
import { assignVerdicts } from './assign-verdicts';
import { binomialUpperBound } from './binomial-margin';
import { testMetric } from './test-metric';

// "unchanged" by minEffect for numeric metrics whose changes are rare and all one way, by simulation with fixed seeds:
// run A scores uniform in [0.3, 0.5], run B the same except that an item jumps to 1.0 with probability 1/12, so the
// true Δ is 0.6 / 12 = 0.05 = minEffect and every "unchanged" is false. Judged by the t interval alone, 6.6% of
// comparisons of one metric and 11.0% of five (4,000 each) had one. And the power kept where Δ is truly 0.

const ALPHA = 0.05;
const N = 300;
const { sqrt, log, cos, PI } = Math;
const normal = (rng: () => number) => sqrt(-2 * log(1 - rng())) * cos(2 * PI * rng());
type Pair = [number, number];

function comparisons(gen: (rng: () => number) => Pair, metricCount: number, reps: number, minEffect: number, seed: number) {
  const rng = createRng(seed);
  let some = 0;
  let each = 0;
  let changed = 0;
  for (let r = 0; r < reps; r++) {
    const tested = Array.from({ length: metricCount }, (_, k) =>
      testMetric({ metric: `m${k}`, kind: 'numeric', lowerIsBetter: false, pairs: Array.from({ length: N }, () => gen(rng)), confidence: 1 - ALPHA }),
    );
    const { metrics } = assignVerdicts(tested, { confidence: 1 - ALPHA, minEffect });
    const unchanged = metrics.filter((m) => m.verdict === 'unchanged').length;
    if (unchanged > 0) some++;
    each += unchanged;
    if (metrics.some((m) => m.verdict === 'improved' || m.verdict === 'regressed')) changed++;
  }
  return { some, each, changed };
}

const rareJump = (probability: number) => (rng: () => number): Pair => {
  const a = 0.3 + 0.2 * rng();
  return [a, rng() < probability ? 1.0 : a];
};

describe('false "unchanged" when changes are rare and one way (true Δ = minEffect = 0.05, 300 pairs)', () => {
  // A per-cell tail of 1e-4: a correct procedure fails this by bad luck in at most 0.01% of seeds (and the seed is fixed).
  it('one metric: in at most alpha + margin of 1,000 comparisons (the t interval alone: 85, above it)', () => {
    const bound = binomialUpperBound(1000, ALPHA, 1e-4);
    expect(bound).toBe(77);
    const { some, changed } = comparisons(rareJump(1 / 12), 1, 1000, 0.05, 12);
    expect(some).toBeLessThanOrEqual(bound);
    expect(some).toBe(SOME_ONE);
    // "improved" claims Δ > 0.05: no more often than before (the same 13 comparisons).
    expect(changed).toBe(13);
  });

  it('five metrics: some metric unchanged in at most alpha + margin of 400 comparisons (the t interval alone: 41, above it)', () => {
    const bound = binomialUpperBound(400, ALPHA, 1e-4);
    expect(bound).toBe(38);
    expect(comparisons(rareJump(1 / 12), 5, 400, 0.05, 60).some).toBe(SOME_FIVE);
  });
});
const SOME_ONE = 14;
const SOME_FIVE = 3;

describe('"unchanged" is still found where the change is truly small', () => {
  const normalChange = (rng: () => number): Pair => {
    const a = 0.5 + 0.1 * normal(rng);
    return [a, a + 0.1 * normal(rng)];
  };

  it('normal changes (sd 0.1, Δ = 0) within 0.05: every metric of 100 comparisons of one and 20 of five (as before)', () => {
    expect(comparisons(normalChange, 1, 100, 0.05, 1).each).toBe(100);
    expect(comparisons(normalChange, 5, 20, 0.05, 5).each).toBe(100);
  });

  it('rare jumps with Δ = 0.015 within 0.05: three in four metrics (as before)', () => {
    expect(comparisons(rareJump(1 / 40), 1, 200, 0.05, 40).each).toBe(JUMP_SMALL);
  });

  it('within 0.02: normal changes as before; changes of 20% of items by N(0, 0.2) in three of four metrics (was 98%)', () => {
    expect(comparisons(normalChange, 1, 100, 0.02, 2).each).toBe(NORMAL_TIGHT);
    const rareBothWays = (rng: () => number): Pair => [0.5, rng() < 0.2 ? 0.5 + 0.2 * normal(rng) : 0.5];
    expect(comparisons(rareBothWays, 1, 200, 0.02, 3).each).toBe(BOTH_WAYS_TIGHT);
  });
});
// Before the second bound: 153 of 200, 96 of 100 and 195 of 200: no item unchanged costs nothing (the bounds are then
// the t interval's), rare changes both ways cost a quarter of the metrics at so tight a minEffect.
const JUMP_SMALL = 151;
const NORMAL_TIGHT = 96;
const BOTH_WAYS_TIGHT = 145;
