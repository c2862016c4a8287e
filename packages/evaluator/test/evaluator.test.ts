import { Evaluator, RetryableError, UnknownMetricError, TaskTimeoutError, withUsage, type ProgressEvent } from '../src';

const capitals = [
  { id: 'fr', input: 'France', expected: 'Paris' },
  { id: 'jp', input: 'Japan', expected: 'Tokyo' },
  { id: 'au', input: 'Australia', expected: 'Canberra' },
  { id: 'ca', input: 'Canada', expected: 'Ottawa' },
];
const answers: Record<string, string> = { France: 'Paris', Japan: 'The capital of Japan is Tokyo.', Australia: 'Sydney', Canada: 'Ottawa' };
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Evaluator without storage', () => {
  it('runs the task over every item and scores it with each metric', async () => {
    const evaluator = new Evaluator({
      task: (input) => answers[input as string],
      dataset: capitals,
      metrics: ['exact_match', 'contains'],
      config: { storeRuns: false, runName: 'capitals' },
    });
    const result = await evaluator.run();
    expect(evaluator.databaseRunId).toBeUndefined();
    expect(result.items.map((i) => [i.id, i.scores.exact_match, i.scores.contains])).toEqual([
      ['fr', 1, true],
      ['jp', 0, true],
      ['au', 0, false],
      ['ca', 1, true],
    ]);
    expect(result).toMatchObject({ status: 'completed', totalItems: 4, successRate: 1, runName: 'capitals' });
    expect(result.metricStats.exact_match).toMatchObject({ mean: 0.5, min: 0, max: 1, count: 4 });
    expect(result.metricStats.contains!.mean).toBe(0.75);
  });

  it('fails on an unknown metric before any item runs, listing the known ones', async () => {
    const task = jest.fn();
    const error = await new Evaluator({ task, dataset: capitals, metrics: ['exact_match', 'exactt_match'], config: { storeRuns: false } })
      .run()
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnknownMetricError);
    expect(error.message).toMatch(/exactt_match.*exact_match.*fuzzy_match/s);
    expect(task).not.toHaveBeenCalled();
  });

  it('never has more than maxConcurrency items in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const dataset = Array.from({ length: 40 }, (_, i) => ({ input: i }));
    const result = await new Evaluator({
      task: async (input) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await delay(2 + ((input as number) % 3));
        inFlight--;
        return input;
      },
      dataset,
      metrics: [],
      config: { storeRuns: false, maxConcurrency: 3 },
    }).run();
    expect(peak).toBe(3);
    expect(result.items.map((i) => i.output)).toEqual(dataset.map((d) => d.input));
  });

  it('aborts a task that exceeds the timeout and records the item as failed', async () => {
    let aborted: unknown;
    const result = await new Evaluator({
      task: (input, { signal }) =>
        new Promise((resolve, reject) => {
          if (input === 'fast') return resolve('ok');
          signal.addEventListener('abort', () => {
            aborted = signal.reason;
            reject(signal.reason);
          });
        }),
      dataset: [{ input: 'fast' }, { input: 'slow' }],
      metrics: [],
      config: { storeRuns: false, timeoutMs: 50 },
    }).run();
    expect(aborted).toBeInstanceOf(TaskTimeoutError);
    expect(result.items[1]).toMatchObject({ success: false, errorType: 'TaskTimeoutError', error: 'Task timed out after 50 ms' });
    expect(result.items[1]!.responseTime).toBeGreaterThanOrEqual(0.04);
    expect(result.status).toBe('completed');
  });

  it('retries retryable errors with backoff, honouring retryAfterMs, and gives up after `retries`', async () => {
    const calls: Record<string, number[]> = { flaky: [], broken: [], fatal: [] };
    const result = await new Evaluator({
      task: (input, { attempt }) => {
        calls[input as string]!.push(performance.now());
        if (input === 'flaky' && attempt < 3) throw new RetryableError('503 from upstream', attempt === 1 ? 40 : undefined);
        if (input === 'broken') throw new RetryableError('always 503');
        if (input === 'fatal') throw new TypeError('bad input');
        return 'ok';
      },
      dataset: [{ input: 'flaky' }, { input: 'broken' }, { input: 'fatal' }],
      metrics: [],
      config: { storeRuns: false, retries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 5 },
    }).run();
    expect(result.items[0]).toMatchObject({ success: true, attempts: 3 });
    expect(calls.flaky![1]! - calls.flaky![0]!).toBeGreaterThanOrEqual(39);
    expect(result.items[1]).toMatchObject({ success: false, attempts: 3, errorType: 'RetryableError' });
    expect(calls.broken).toHaveLength(3);
    expect(result.items[2]).toMatchObject({ success: false, attempts: 1, errorType: 'TypeError', error: 'bad input' });
  });

  it('stops on cancellation, aborting tasks in flight, and reports the items finished so far', async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const dataset = Array.from({ length: 100 }, (_, i) => ({ input: i }));
    const result = await new Evaluator({
      task: (input, { signal }) => {
        signals.push(signal);
        if (input === 5) controller.abort(new Error('user pressed ctrl-c'));
        return new Promise((resolve, reject) => {
          const t = setTimeout(() => resolve(input), 5);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            reject(signal.reason);
          });
        });
      },
      dataset,
      metrics: [],
      config: { storeRuns: false, maxConcurrency: 2 },
    }).run({ signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(result.items.length).toBeLessThan(10);
    expect(result.items.every((i) => i.success)).toBe(true);
    expect(signals.length).toBeLessThan(10);
    expect(signals.filter((s) => s.aborted).length).toBeGreaterThanOrEqual(1);
  });

  it('records a throwing or garbage-returning metric as that item\'s metric error and carries on', async () => {
    const result = await new Evaluator({
      task: (input) => input,
      dataset: [{ input: 'a', expected: 'a' }, { input: 'b', expected: 'x' }],
      metrics: [
        'exact_match',
        { name: 'picky', fn: (output) => (output === 'b' ? Promise.reject(new RangeError('cannot score b')) : 1) },
        { name: 'garbage', fn: () => Number.NaN },
        { name: 'judge', fn: () => ({ score: 0.9, reason: 'close enough' }) },
      ],
      config: { storeRuns: false },
    }).run();
    expect(result.items[1]!.metricErrors.picky).toBe('RangeError: cannot score b');
    expect(result.items[0]!.metricErrors.garbage).toMatch(/NaN/);
    expect(result.items[0]!.scores).toMatchObject({ exact_match: 1, picky: 1, judge: 0.9 });
    expect(result.items[0]!.reasons.judge).toBe('close enough');
    expect(result.metricStats.picky).toMatchObject({ count: 1, errors: 1, successRate: 0.5 });
    expect(result.items.every((i) => i.success)).toBe(true);
  });

  it('emits started, item and completed progress events with running counts', async () => {
    const events: ProgressEvent[] = [];
    const result = await new Evaluator({
      task: (input) => {
        if (input === 2) throw new Error('nope');
        return input;
      },
      dataset: [{ input: 1 }, { input: 2 }, { input: 3 }],
      metrics: [],
      config: { storeRuns: false, maxConcurrency: 1, onProgress: (e) => events.push(e) },
    }).run();
    expect(events.map((e) => e.type)).toEqual(['started', 'item', 'item', 'item', 'completed']);
    expect(events[0]).toMatchObject({ total: 3, runId: undefined });
    expect(events[3]).toMatchObject({ done: 3, succeeded: 2, failed: 1, total: 3 });
    expect((events[3] as { successRate: number }).successRate).toBeCloseTo(2 / 3, 12);
    expect((events[3] as { ratePerSecond: number }).ratePerSecond).toBeGreaterThan(0);
    expect(events[4]).toMatchObject({ type: 'completed', result });
  });

  it('streams async iterable datasets without reading them whole', async () => {
    let produced = 0;
    let maxAhead = 0;
    let done = 0;
    async function* stream() {
      for (let i = 0; i < 200; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - done);
        yield { input: i, expected: i };
      }
    }
    const result = await new Evaluator({
      task: async (input) => {
        await Promise.resolve();
        done++;
        return input;
      },
      dataset: stream(),
      metrics: ['exact_match'],
      config: { storeRuns: false, maxConcurrency: 4 },
    }).run();
    expect(result.totalItems).toBe(200);
    expect(result.metricStats.exact_match!.mean).toBe(1);
    expect(maxAhead).toBeLessThanOrEqual(5);
  });

  it('accepts LangChain-style runnables and records usage returned with withUsage', async () => {
    const runnable = { invoke: async (input: unknown) => withUsage(String(input).toUpperCase(), { tokensUsed: 7, cost: 0.001 }) };
    const result = await new Evaluator({ task: runnable, dataset: [{ input: 'a', expected: 'A' }], metrics: ['exact_match', 'token_count'], config: { storeRuns: false } }).run();
    expect(result.items[0]).toMatchObject({ output: 'A', tokensUsed: 7, cost: 0.001, scores: { exact_match: 1, token_count: 7 } });
    expect(result.usage).toEqual({ tokens: 7, cost: 0.001 });
  });

  it('spaces task starts by requestsPerSecond', async () => {
    const starts: number[] = [];
    // The k-th start is at least k intervals after the run began. (Measured from the run's start, not from the first
    // task's: on a loaded machine the process can be descheduled between the first slot and its task, which made the
    // first start late and the span between starts look shorter than the limiter made it.)
    const before = performance.now();
    await new Evaluator({
      task: () => {
        starts.push(performance.now());
        return 1;
      },
      dataset: Array.from({ length: 5 }, (_, i) => ({ input: i })),
      metrics: [],
      config: { storeRuns: false, requestsPerSecond: 50, maxConcurrency: 5 },
    }).run();
    expect(starts).toHaveLength(5);
    starts.forEach((start, k) => expect(start - before).toBeGreaterThanOrEqual(k * 20 - 2));
  });

  it('rejects a bad configuration clearly', async () => {
    expect(() => new Evaluator({ task: 'nope' as never, dataset: [], metrics: [] })).toThrow(/task must be a function/);
    expect(() => new Evaluator({ task: () => 1, dataset: [], metrics: [], config: { maxConcurrency: 0 } })).toThrow(/maxConcurrency must be a whole number >= 1/);
  });
});
