/** Exponential backoff with full jitter: random in [0, min(max, base * 2^(attempt-1))], never below `floorMs`. @internal */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, floorMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.max(floorMs, Math.round(random() * ceiling));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. @internal */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
