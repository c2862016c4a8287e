import { Evaluator, RetryableError } from '../src';

/** Runs three items with retries; the middle one throws what `thrown` makes. Returns the middle item's result. */
async function runWithThrow(thrown: () => unknown, config: { retryOn?: (error: unknown) => boolean } = {}) {
  let calls = 0;
  const result = await new Evaluator({
    task: (input) => {
      if (input === 'throws') {
        calls++;
        throw thrown();
      }
      return input;
    },
    dataset: [
      { id: 'a', input: 'fine', expected: 'fine' },
      { id: 'bad', input: 'throws', expected: 'x' },
      { id: 'c', input: 'also fine', expected: 'also fine' },
    ],
    metrics: ['exact_match'],
    config: { storeRuns: false, maxConcurrency: 1, retries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 1, ...config },
  }).run();
  expect(result.status).toBe('completed');
  expect(result.items.map((i) => [i.id, i.success])).toEqual([['a', true], ['bad', false], ['c', true]]);
  return { bad: result.items[1]!, calls };
}

describe('a thrown value that cannot be read fails its item alone; the run goes on', () => {
  it('a Proxy whose getPrototypeOf trap throws (instanceof throws): not retried, recorded as unreadable', async () => {
    const { bad, calls } = await runWithThrow(
      () =>
        new Proxy(
          {},
          {
            getPrototypeOf() {
              throw new Error('proto trap');
            },
          },
        ),
    );
    expect(calls).toBe(1);
    expect(bad.attempts).toBe(1);
    expect(bad.error).toContain('unreadable thrown value');
    expect(bad.error).toContain('proto trap');
  });

  it('an object whose retryable getter throws: not retried', async () => {
    const { bad, calls } = await runWithThrow(() => ({
      get retryable(): boolean {
        throw new Error('retryable getter');
      },
    }));
    expect(calls).toBe(1);
    expect(bad.attempts).toBe(1);
    expect(typeof bad.error).toBe('string');
  });

  it('a RetryableError whose retryAfterMs getter throws: retried without a Retry-After wait, then recorded', async () => {
    const odd = () =>
      Object.defineProperty(new RetryableError('overloaded'), 'retryAfterMs', {
        get() {
          throw new Error('retryAfterMs getter');
        },
      });
    const { bad, calls } = await runWithThrow(odd);
    expect(calls).toBe(3);
    expect(bad.attempts).toBe(3);
    expect(bad.error).toBe('overloaded');
  });

  it("a retryOn rule that throws: the item is not retried and says so; the rule's error does not stop the run", async () => {
    const { bad, calls } = await runWithThrow(() => new Error('task failed'), {
      retryOn: () => {
        throw new Error('rule broke');
      },
    });
    expect(calls).toBe(1);
    expect(bad.error).toContain('task failed');
    expect(bad.error).toContain('rule broke');
  });
});
