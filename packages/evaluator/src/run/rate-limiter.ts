import { sleep } from './backoff';

/** Spaces task starts at most `perSecond` per second (evenly, no bursts). @internal */
export class RateLimiter {
  private next = 0;
  private readonly interval: number;

  constructor(perSecond: number) {
    this.interval = 1000 / perSecond;
  }

  /** Waits for the next free slot; rejects if the signal aborts meanwhile. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.interval;
    if (slot > now) await sleep(slot - now, signal);
  }
}
