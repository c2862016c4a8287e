import { Evaluator, withUsage, type MetricContext } from '../src';

describe("a metric's context", () => {
  it("holds the item's fields, the response time and the tokens, and nothing else", async () => {
    const seen: MetricContext[] = [];
    await new Evaluator({
      task: (input: string) => withUsage(input.toUpperCase(), { tokensUsed: input.length }),
      dataset: [
        { id: 'a', input: 'one', expected: 'ONE', metadata: { split: 'dev' } },
        { input: 'three', expected_output: 'THREE' } as never,
      ],
      metrics: [
        {
          name: 'capture',
          fn: (_output: unknown, _expected: unknown, _input: unknown, context: MetricContext) => {
            seen.push(context);
            return 1;
          },
        },
      ],
      config: { storeRuns: false, maxConcurrency: 1 },
    }).run();
    expect(seen.map((context) => Object.keys(context))).toEqual([
      ['id', 'index', 'input', 'expected', 'metadata', 'responseTime', 'tokensUsed'],
      ['id', 'index', 'input', 'expected', 'metadata', 'responseTime', 'tokensUsed'],
    ]);
    expect(seen.map(({ responseTime, ...rest }) => ({ ...rest, timed: typeof responseTime === 'number' && responseTime >= 0 }))).toEqual([
      { id: 'a', index: 0, input: 'one', expected: 'ONE', metadata: { split: 'dev' }, tokensUsed: 3, timed: true },
      { id: 'item_1', index: 1, input: 'three', expected: 'THREE', metadata: undefined, tokensUsed: 5, timed: true },
    ]);
  });
});
