import { Evaluator, listMetrics, registerMetric, unregisterMetric, type EvaluationResult } from '../src';

// Metric names must start with an ASCII letter, so "__proto__" is refused, but "constructor", "hasOwnProperty",
// "toString" and "valueOf" are valid names that every plain object already answers. The statistics read an item's
// scores and metric errors by name: an item the task failed (no score, no metric error) read Object.prototype's method
// as its score, counted NaN into the values and an error besides, so the mean of such a metric was NaN.
const NAMES = ['constructor', 'hasOwnProperty', 'toString', 'valueOf'] as const;

beforeAll(() => {
  for (const name of NAMES) {
    registerMetric(name, (_output, _expected, input) => {
      if (input === 3) throw new Error('no score for 3');
      return input === 1 ? 1 : 0.5;
    });
  }
});
afterAll(() => NAMES.forEach((name) => unregisterMetric(name)));

describe.each([true, false])('metrics named like Object.prototype members (keepItems: %s)', (keepItems) => {
  let result: EvaluationResult;

  beforeAll(async () => {
    result = await new Evaluator({
      task: (input: number) => {
        if (input === 4) throw new Error('task broke');
        return String(input);
      },
      dataset: [1, 2, 3, 4].map((n) => ({ id: `q${n}`, input: n, expected: String(n) })),
      metrics: [...NAMES],
      config: { storeRuns: false, keepItems },
    }).run();
  });

  it.each(NAMES)('%s gets its own statistics: two scores, one metric error, the failed item in neither', (name) => {
    expect(Object.hasOwn(result.metricStats, name)).toBe(true);
    const stats = result.metricStats[name]!;
    expect(stats).toMatchObject({ mean: 0.75, min: 0.5, max: 1, median: 0.75, count: 2, errors: 1, successRate: 2 / 3 });
  });

  it('lists exactly these metrics, as own enumerable properties', () => {
    expect(Object.keys(result.metricStats).sort()).toEqual([...NAMES].sort());
    expect(JSON.parse(JSON.stringify(result.metricStats))).toEqual(Object.fromEntries(NAMES.map((n) => [n, expect.objectContaining({ count: 2 })])));
  });
});
