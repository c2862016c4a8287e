import { sleep } from './backoff';
import { PauseGate, RateLimiter } from './rate-limiter';

/** Runs `wait` for `ms`, then aborts it; returns the delays of the timers it set and the TimeoutOverflowWarnings. */
async function watchWait(wait: (signal: AbortSignal) => Promise<void> | void, ms: number) {
  const realSetTimeout = setTimeout;
  const overflows: string[] = [];
  const onWarning = (warning: Error) => {
    if (warning.name === 'TimeoutOverflowWarning') overflows.push(warning.message);
  };
  process.on('warning', onWarning);
  const setTimer = jest.spyOn(global, 'setTimeout');
  const controller = new AbortController();
  try {
    const waiting = Promise.resolve(wait(controller.signal)).catch(() => undefined);
    await new Promise((resolve) => realSetTimeout(resolve, ms));
    controller.abort(new Error('stop'));
    await waiting;
    await new Promise((resolve) => setImmediate(resolve));
    return { delays: setTimer.mock.calls.map(([, delay]) => delay), overflows };
  } finally {
    setTimer.mockRestore();
    process.off('warning', onWarning);
  }
}

/** The longest delay a Node.js timer can wait. */
const MAX_TIMER_MS = 2 ** 31 - 1;

// A wait longer than a Node.js timer can wait fires after 1 ms; a loop waiting for a deadline then spins, flooding
// TimeoutOverflowWarning. Each wait is capped at the timer maximum instead.
describe('waits longer than a timer can wait', () => {
  it('sleep caps its timer at 2^31-1 ms', async () => {
    const { delays, overflows } = await watchWait((signal) => sleep(2 ** 40, signal), 20);
    expect(delays).toEqual([MAX_TIMER_MS]);
    expect(overflows).toEqual([]);
  });

  it('a pause longer than the timer maximum (a huge Retry-After) is waited for, not spun on', async () => {
    const gate = new PauseGate();
    gate.pause(2 ** 40);
    const { delays, overflows } = await watchWait((signal) => gate.acquire(signal), 50);
    expect(delays).toEqual([MAX_TIMER_MS]);
    expect(overflows).toEqual([]);
  });

  it('a RateLimiter slower than the timer can space waits without spinning', async () => {
    const limiter = new RateLimiter(1e-7);
    expect(limiter.acquire()).toBeUndefined();
    const { delays, overflows } = await watchWait((signal) => limiter.acquire(signal), 50);
    expect(delays).toEqual([MAX_TIMER_MS]);
    expect(overflows).toEqual([]);
  });
});
