import { Evaluator, RetryableError } from '../src';

/** Runs `work` and returns the process warnings it emitted. */
async function warningsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  try {
    await work();
    // Warnings are emitted on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
}

const items = Array.from({ length: 200 }, (_, i) => ({ id: `q${i}`, input: i, expected: i }));

describe('the run signal gets one listener, not one per item in flight', () => {
  it('a run of 200 items at concurrency 50 whose task listens to its signal emits no process warning', async () => {
    const cancel = new AbortController();
    let listened = 0;
    const warnings = await warningsDuring(async () => {
      const result = await new Evaluator({
        task: (input: number, { signal }: { signal: AbortSignal }) =>
          new Promise<number>((resolve, reject) => {
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
            listened++;
            setTimeout(() => resolve(input), 2);
          }),
        dataset: items,
        metrics: ['exact_match'],
        config: { storeRuns: false, maxConcurrency: 50 },
      }).run({ signal: cancel.signal });
      expect(result.successRate).toBe(1);
    });
    expect(listened).toBe(200);
    expect(warnings).toEqual([]);
  });

  it('retry backoffs and rate-limit waits at concurrency 50 add no listener to the run signal either', async () => {
    const cancel = new AbortController();
    const attempts = new Map<number, number>();
    const warnings = await warningsDuring(async () => {
      const result = await new Evaluator({
        task: (input: number) => {
          const n = (attempts.get(input) ?? 0) + 1;
          attempts.set(input, n);
          if (n === 1) throw new RetryableError('try again');
          return input;
        },
        dataset: items.slice(0, 60),
        metrics: ['exact_match'],
        config: { storeRuns: false, maxConcurrency: 50, retries: 1, retryBaseDelayMs: 5, requestsPerSecond: 5_000 },
      }).run({ signal: cancel.signal });
      expect(result.successRate).toBe(1);
    });
    expect(warnings).toEqual([]);
  });

  it('cancelling still aborts every item in flight', async () => {
    const cancel = new AbortController();
    let aborted = 0;
    let started = 0;
    const result = await new Evaluator({
      task: (_input: number, { signal }: { signal: AbortSignal }) =>
        new Promise<number>((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted++;
            reject(signal.reason);
          });
          if (++started === 30) cancel.abort();
        }),
      dataset: items.slice(0, 30),
      metrics: ['exact_match'],
      config: { storeRuns: false, maxConcurrency: 30 },
    }).run({ signal: cancel.signal });
    expect(result.status).toBe('cancelled');
    expect(aborted).toBe(30);
  });
});
