import { testMetric } from './test-metric';

const pairsOf = (counts: { both?: number; aOnly?: number; bOnly?: number; neither?: number }): Array<[number, number]> => [
  ...Array.from({ length: counts.both ?? 0 }, (): [number, number] => [1, 1]),
  ...Array.from({ length: counts.aOnly ?? 0 }, (): [number, number] => [1, 0]),
  ...Array.from({ length: counts.bOnly ?? 0 }, (): [number, number] => [0, 1]),
  ...Array.from({ length: counts.neither ?? 0 }, (): [number, number] => [0, 0]),
];

describe('the interval of a pass/fail metric', () => {
  it('stays within the −1 to +1 a pass rate can move, where the t interval of two pairs reaches ±6.4', () => {
    const m = testMetric({ metric: 'exact_match', kind: 'boolean', lowerIsBetter: false, pairs: pairsOf({ both: 1, bOnly: 1 }), confidence: 0.95 });
    expect(m.difference).toBe(0.5);
    expect(m.ci).toEqual({ low: -1, high: 1, confidence: 0.95 });
    expect(m.verdict).toBe('insufficient_data');
  });

  it('is the t interval wherever that fits (SciPy: stats.t.interval(0.95, 29, loc=mean, scale=sem))', () => {
    const m = testMetric({ metric: 'exact_match', kind: 'boolean', lowerIsBetter: false, pairs: pairsOf({ bOnly: 7, neither: 20, aOnly: 3 }), confidence: 0.95 });
    expect(m.difference).toBeCloseTo(0.13333333333333333, 12);
    expect(m.ci.low).toBeCloseTo(-0.08001094243601059, 10);
    expect(m.ci.high).toBeCloseTo(0.34667760910267725, 10);
  });

  it('leaves a numeric metric\'s interval alone, however wide', () => {
    const m = testMetric({ metric: 'score', kind: 'numeric', lowerIsBetter: false, pairs: [[0, 0.5], [0, 1]], confidence: 0.95 });
    expect(m.ci.low).toBeLessThan(-1);
    expect(m.ci.high).toBeGreaterThan(1);
  });
});
