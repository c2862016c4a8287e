/** The longest delay a Node.js timer can wait; a longer one fires after 1 ms (with a TimeoutOverflowWarning). @internal */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Exponential backoff with full jitter: random in [0, min(max, base * 2^(attempt-1))], never below `floorMs`. @internal */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, floorMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.max(floorMs, Math.round(random() * ceiling));
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. A wait is capped at MAX_TIMER_MS, so a
 * computed wait that is too long (a huge Retry-After) resolves after about 24.8 days instead of after 1 ms, which
 * would make a caller that loops until a deadline (waitUntil) spin; a negative or NaN wait is 0. @internal
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const delay = ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delay);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
