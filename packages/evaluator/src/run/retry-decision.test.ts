import { describeWait, requestedWait, waitRefusal } from './retry-decision';

describe('requestedWait and waitRefusal', () => {
  it('reads a wait by name, 0 for nonsense', () => {
    expect(requestedWait({ retryAfterMs: 1500 })).toBe(1500);
    expect(requestedWait({ retryAfterMs: -1 })).toBe(0);
    expect(requestedWait({ retryAfterMs: 'soon' })).toBe(0);
    expect(requestedWait(null)).toBe(0);
  });

  // Review: an endless wait (Infinity, or a Retry-After of hundreds of digits) read as 0, so the item was retried at
  // once instead of being refused by config.maxRetryAfterMs.
  it('keeps an endless wait endless, and refuses it whatever the limit', () => {
    expect(requestedWait({ retryAfterMs: Infinity })).toBe(Infinity);
    expect(waitRefusal(Infinity, 2 ** 31 - 1)).toContain('asked to wait forever before trying again');
    expect(describeWait(Infinity)).toBe('forever');
  });

  it('honours a wait exactly at the limit', () => {
    expect(waitRefusal(300_000, 300_000)).toBeUndefined();
    expect(waitRefusal(300_001, 300_000)).toContain('more than the 5 min config.maxRetryAfterMs allows');
  });
});
