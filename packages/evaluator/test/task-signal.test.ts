import { Evaluator, type TaskContext } from '../src';
import { PauseGate, RateLimiter } from '../src/run/rate-limiter';

/** Counts the AbortSignals AbortControllers hand out while `work` runs (Node.js creates one on the first read). */
async function signalsCreatedDuring(work: () => Promise<unknown>): Promise<number> {
  const descriptor = Object.getOwnPropertyDescriptor(AbortController.prototype, 'signal')!;
  const seen = new WeakSet<AbortSignal>();
  let created = 0;
  Object.defineProperty(AbortController.prototype, 'signal', {
    ...descriptor,
    get(this: AbortController) {
      const signal = descriptor.get!.call(this) as AbortSignal;
      if (!seen.has(signal)) {
        seen.add(signal);
        created++;
      }
      return signal;
    },
  });
  try {
    await work();
  } finally {
    Object.defineProperty(AbortController.prototype, 'signal', descriptor);
  }
  return created;
}

const items = Array.from({ length: 50 }, (_, i) => ({ id: `q${i}`, input: i, expected: i }));

// The run itself has one signal (its stop: the caller's signal, or its stored run closed by another process); the
// counts below are that one plus the attempts'.
const RUN_SIGNALS = 1;

describe("the task's signal", () => {
  it('is not created for a task that never reads it', async () => {
    const created = await signalsCreatedDuring(async () => {
      const result = await new Evaluator({ task: (x: number) => x, dataset: items, metrics: ['exact_match'], config: { storeRuns: false } }).run();
      expect(result.successRate).toBe(1);
    });
    expect(created).toBe(RUN_SIGNALS);
  });

  it('is created for each attempt whose task reads it, and is a live, unaborted signal', async () => {
    const states: boolean[] = [];
    const created = await signalsCreatedDuring(async () => {
      await new Evaluator({
        task: (x: number, { signal }: TaskContext) => {
          states.push(signal instanceof AbortSignal && !signal.aborted);
          return x;
        },
        dataset: items,
        metrics: ['exact_match'],
        config: { storeRuns: false },
      }).run();
    });
    expect(states).toEqual(items.map(() => true));
    expect(created).toBe(RUN_SIGNALS + items.length);
  });

  it('survives a spread copy of the context, and a read after the timeout gives the aborted signal', async () => {
    const seen: Array<{ copied: boolean; abortedLate: boolean; reason: string }> = [];
    const result = await new Evaluator({
      task: async (x: number, context: TaskContext) => {
        const copy = { ...context };
        // Waits until the 20 ms timeout has aborted the attempt (through the copy's signal), not for a fixed time that
        // a loaded machine can make shorter than the timeout's turn; 5 s is only a bound.
        await new Promise((resolve) => {
          copy.signal.addEventListener('abort', () => setTimeout(resolve, 5), { once: true });
          setTimeout(resolve, 5_000);
        });
        // Read only now, after the 20 ms timeout aborted the attempt.
        seen.push({ copied: copy.signal === context.signal, abortedLate: context.signal.aborted, reason: String((context.signal.reason as Error)?.name) });
        return x;
      },
      dataset: items.slice(0, 3),
      metrics: ['exact_match'],
      config: { storeRuns: false, timeoutMs: 20 },
    }).run();
    expect(result.items.every((item) => item.errorType === 'TaskTimeoutError')).toBe(true);
    // The abandoned attempts read their signal after the run has returned: wait for all three.
    for (let waited = 0; seen.length < 3 && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual(items.slice(0, 3).map(() => ({ copied: true, abortedLate: true, reason: 'TaskTimeoutError' })));
  });

  it('is aborted by cancelling the run, for a task that reads it only after the cancel', async () => {
    const cancel = new AbortController();
    const late: boolean[] = [];
    const result = await new Evaluator({
      task: async (x: number, context: TaskContext) => {
        setTimeout(() => cancel.abort(new Error('stop')), 5);
        await new Promise((resolve) => setTimeout(resolve, 30));
        late.push(context.signal.aborted);
        return x;
      },
      dataset: items.slice(0, 4),
      metrics: ['exact_match'],
      config: { storeRuns: false, maxConcurrency: 4 },
    }).run({ signal: cancel.signal });
    expect(result.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(late).toEqual([true, true, true, true]);
  });
});

describe('tryAcquire: starting without a promise or a signal when no wait is needed', () => {
  it('PauseGate lets every start through until a pause, and none during it', () => {
    const gate = new PauseGate();
    expect([gate.tryAcquire(), gate.tryAcquire()]).toEqual([true, true]);
    gate.pause(10_000);
    expect(gate.tryAcquire()).toBe(false);
  });

  it('RateLimiter takes a free slot once, then refuses until the interval has passed, and never during a pause', async () => {
    const limiter = new RateLimiter(20); // one start per 50 ms
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    // A refused tryAcquire took nothing: acquire hands out the very next slot, one interval after the slot taken here.
    // Measured from before that slot was taken, so a slow machine only makes the wait look longer (a lower bound, with
    // a few ms for timers firing on the event loop's coarser clock), never shorter.
    const taken = performance.now();
    expect(limiter.tryAcquire()).toBe(true);
    await limiter.acquire();
    expect(performance.now() - taken).toBeGreaterThan(45);
    limiter.pause(10_000);
    expect(limiter.tryAcquire()).toBe(false);
  });

  it('a rate-limited run still spaces its starts: 11 starts at 100/s take at least 90 ms', async () => {
    const starts: number[] = [];
    await new Evaluator({
      task: (x: number) => {
        starts.push(performance.now());
        return x;
      },
      dataset: items.slice(0, 11),
      metrics: ['exact_match'],
      config: { storeRuns: false, maxConcurrency: 11, requestsPerSecond: 100 },
    }).run();
    expect(starts).toHaveLength(11);
    // Timers may fire up to a millisecond early; ten intervals of 10 ms lie between the first and the last start.
    expect(starts[10]! - starts[0]!).toBeGreaterThanOrEqual(89);
  });
});
