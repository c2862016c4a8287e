import { sleep } from './backoff';

/**
 * What spaces an evaluation's task starts. `acquire` waits for a slot; `pause(ms)`, when present, is called when
 * the model API asked to wait (a Retry-After), so a limiter shared by many workers can slow all of them.
 */
export interface ItemRateLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
  pause?(ms: number): void;
}

/** Spaces task starts at most `perSecond` per second (evenly, no bursts). @internal */
export class RateLimiter implements ItemRateLimiter {
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
