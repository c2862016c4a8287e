import { Evaluator, InvalidOptionError, MetricTimeoutError, TaskTimeoutError, type EvaluatorConfig } from '../src';
import { thrownBy } from './support/thrown-by';

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // A CPU-bound task: nothing else runs on this thread meanwhile, timers included.
  }
}

describe('no hang, no silent overrun', () => {
  it('times out a metric that never resolves, records it as that item\'s metric error, and goes on', async () => {
    const result = await new Evaluator({
      task: (input) => input,
      dataset: [{ id: 'a', input: 'x', expected: 'x' }, { id: 'b', input: 'hang', expected: 'hang' }, { id: 'c', input: 'y', expected: 'y' }],
      metrics: [
        'exact_match',
        { name: 'judge', fn: (output) => (output === 'hang' ? new Promise<number>(() => undefined) : Promise.resolve(1)) },
      ],
      config: { storeRuns: false, metricTimeoutMs: 50 },
    }).run();
    expect(result.status).toBe('completed');
    expect(result.items.map((i) => [i.id, i.scores.exact_match, i.scores.judge])).toEqual([['a', 1, 1], ['b', 1, undefined], ['c', 1, 1]]);
    expect(result.items[1]!.metricErrors).toEqual({ judge: `MetricTimeoutError: ${new MetricTimeoutError('judge', 50).message}` });
    expect(result.items[1]!.metricErrors.judge).toMatch(/metric "judge" did not finish within 50 ms/);
    expect(result.metricStats.judge).toMatchObject({ count: 2, errors: 1 });
  });

  it('bounds a metric by the task timeout when no metricTimeoutMs is given', async () => {
    const result = await new Evaluator({
      task: () => 'out',
      dataset: [{ input: 1 }],
      metrics: [{ name: 'stuck', fn: () => new Promise<number>(() => undefined) }],
      config: { storeRuns: false, timeoutMs: 40 },
    }).run();
    expect(result.items[0]!.metricErrors.stuck).toMatch(/metric "stuck" did not finish within 40 ms/);
  });

  it('finishes 200 items with maxConcurrency 1,000,000, running at most one item per task call', async () => {
    let calls = 0;
    const result = await new Evaluator({
      task: async (input) => {
        calls++;
        await new Promise((r) => setImmediate(r));
        return input;
      },
      dataset: Array.from({ length: 200 }, (_, i) => ({ input: i })),
      metrics: [],
      config: { storeRuns: false, maxConcurrency: 1_000_000 },
    }).run();
    expect(result.totalItems).toBe(200);
    expect(calls).toBe(200);
  });

  it('records a CPU-bound task that overruns timeoutMs as a timeout, not as completed', async () => {
    const result = await new Evaluator({
      task: (input) => {
        if (input === 'slow-sync') busyWait(120);
        if (input === 'slow-async') {
          busyWait(120);
          return Promise.resolve('late');
        }
        return 'quick';
      },
      dataset: [{ id: 'sync', input: 'slow-sync' }, { id: 'async', input: 'slow-async' }, { id: 'fast', input: 'fast' }],
      metrics: [],
      config: { storeRuns: false, timeoutMs: 30, maxConcurrency: 1 },
    }).run();
    expect(result.items.map((i) => [i.id, i.success, i.errorType])).toEqual([
      ['sync', false, 'TaskTimeoutError'],
      ['async', false, 'TaskTimeoutError'],
      ['fast', true, undefined],
    ]);
    expect(result.items[0]!.error).toBe(new TaskTimeoutError(30).message);
    expect(result.items[0]!.output).toBeUndefined();
  });

  it('retries an overrun like any timeout when retryOn accepts timeouts', async () => {
    let attempts = 0;
    const result = await new Evaluator({
      task: () => {
        attempts++;
        if (attempts === 1) busyWait(80);
        return 'done';
      },
      dataset: [{ input: 1 }],
      metrics: [],
      config: { storeRuns: false, timeoutMs: 30, retries: 1, retryBaseDelayMs: 0, retryOn: (e) => e instanceof TaskTimeoutError },
    }).run();
    expect(result.items[0]).toMatchObject({ success: true, output: 'done', attempts: 2 });
  });

  it.each<[keyof EvaluatorConfig, unknown, RegExp]>([
    ['maxConcurrency', 0, /config\.maxConcurrency must be a whole number >= 1, got 0/],
    ['maxConcurrency', 2.5, /config\.maxConcurrency must be a whole number >= 1, got 2\.5/],
    ['maxConcurrency', '10', /config\.maxConcurrency must be a whole number >= 1, got "10"/],
    ['maxConcurrency', Number.NaN, /config\.maxConcurrency .* got NaN/],
    ['timeoutMs', 0, /config\.timeoutMs must be a whole number from 1 to 2147483647, got 0/],
    ['timeoutMs', -5, /config\.timeoutMs .* got -5/],
    ['timeoutMs', Infinity, /config\.timeoutMs .* got Infinity/],
    ['timeoutMs', 2 ** 31, /config\.timeoutMs .* got 2147483648/],
    ['metricTimeoutMs', 0, /config\.metricTimeoutMs must be a whole number from 1/],
    ['retries', -1, /config\.retries must be a whole number >= 0, got -1/],
    ['requestsPerSecond', 0, /config\.requestsPerSecond must be a number > 0, got 0/],
    ['requestsPerSecond', -2, /config\.requestsPerSecond must be a number > 0, got -2/],
    ['requestsPerSecond', Number.NaN, /config\.requestsPerSecond must be a number > 0, got NaN/],
    ['requestsPerSecond', '5', /config\.requestsPerSecond must be a number > 0, got "5"/],
    ['maxValueChars', 10, /config\.maxValueChars must be a whole number >= 100, got 10/],
  ])('rejects config.%s = %p with an InvalidOptionError naming it, when the Evaluator is built', (option, value, message) => {
    const task = jest.fn(() => 'x');
    const error = thrownBy(() => new Evaluator({ task, dataset: [{ input: 1 }], metrics: [], config: { storeRuns: false, [option]: value } }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option, name: 'InvalidOptionError' });
    expect((error as Error).message).toMatch(message);
    expect(task).not.toHaveBeenCalled();
  });
});
