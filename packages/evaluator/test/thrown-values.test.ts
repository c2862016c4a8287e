import vm from 'node:vm';
import { Evaluator } from '../src';

/** What a task threw, as the item records it (type and message). */
async function recordedThrow(thrown: () => unknown): Promise<{ errorType?: string; error?: string }> {
  const result = await new Evaluator({
    task: (input) => {
      if (input === 'throws') throw thrown();
      return input;
    },
    dataset: [
      { id: 'ok', input: 'fine', expected: 'fine' },
      { id: 'bad', input: 'throws', expected: 'x' },
    ],
    metrics: ['exact_match'],
    config: { storeRuns: false },
  }).run();
  expect(result.items.map((i) => [i.id, i.success])).toEqual([['ok', true], ['bad', false]]);
  const bad = result.items[1]!;
  return { errorType: bad.errorType, error: bad.error };
}

describe('what a task threw is recorded so that it says something', () => {
  it('an Error: its name and message', async () => {
    expect(await recordedThrow(() => new TypeError('boom'))).toEqual({ errorType: 'TypeError', error: 'boom' });
  });

  it('a plain object with a message (as some SDKs throw): its message and name, not "[object Object]"', async () => {
    expect(await recordedThrow(() => ({ name: 'RateLimitError', message: 'slow down', status: 429 }))).toEqual({
      errorType: 'RateLimitError',
      error: 'slow down',
    });
  });

  it('an object without a string message: its JSON', async () => {
    const recorded = await recordedThrow(() => ({ message: 123, status: 500, detail: { reason: 'overloaded' } }));
    expect(recorded.errorType).toBe('Error');
    expect(JSON.parse(recorded.error!)).toEqual({ message: 123, status: 500, detail: { reason: 'overloaded' } });
  });

  it('an Error from another realm (fails instanceof Error): its own name and message', async () => {
    const foreign = vm.runInNewContext('new RangeError("from a vm context")') as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(await recordedThrow(() => foreign)).toEqual({ errorType: 'RangeError', error: 'from a vm context' });
  });

  it('a string, null or a number: as text', async () => {
    expect(await recordedThrow(() => 'plain string')).toEqual({ errorType: 'Error', error: 'plain string' });
    expect(await recordedThrow(() => null)).toEqual({ errorType: 'Error', error: 'null' });
    expect(await recordedThrow(() => 42)).toEqual({ errorType: 'Error', error: '42' });
  });

  it('an object whose name or message getter throws: still recorded, the run goes on', async () => {
    const hostile = {
      get message(): string {
        throw new Error('getter boom');
      },
    };
    const recorded = await recordedThrow(() => hostile);
    expect(recorded.errorType).toBe('Error');
    expect(typeof recorded.error).toBe('string');
  });
});
