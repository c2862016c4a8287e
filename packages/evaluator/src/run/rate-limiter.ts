import { sleep } from './backoff';

/**
 * What spaces an evaluation's task starts. `acquire` waits for a slot (it may return nothing, meaning "start now",
 * so an idle limiter costs the hot path no promise); `pause(ms)`, when present, is called when the model API asked
 * to wait (a Retry-After), so every item sharing the limiter — in this process, or in every worker of a distributed
 * run — waits, not only the item that was told.
 */
export interface ItemRateLimiter {
  acquire(signal?: AbortSignal): Promise<void> | void;
  /**
   * Takes a slot when one is free now and returns true; false (taking nothing) when the caller must `acquire` and
   * wait. Lets an attempt that need not wait start without creating the AbortSignal `acquire` would listen to.
   */
  tryAcquire?(): boolean;
  pause?(ms: number): void;
  /**
   * Called with a wait of the item's that is not work — its backoff before a retry, a Retry-After included — and
   * awaited in its place, so a limiter that shares out task slots (a distributed worker's) can lend the item's slot
   * meanwhile. Without it, the item waits as it is.
   */
  hold?(wait: Promise<void>): Promise<void>;
}

/**
 * Sleeps until `until()` (a performance.now() time, which may move later meanwhile) has passed. sleep caps each wait at
 * the timer maximum, so a deadline further off is waited for in steps of about 24.8 days, never spun on. @internal
 */
export async function waitUntil(until: () => number, signal?: AbortSignal): Promise<void> {
  for (let left = until() - performance.now(); left > 0; left = until() - performance.now()) await sleep(left, signal);
}

/**
 * No rate limit, only the model API's Retry-After: after `pause(ms)` no item of the evaluation starts until the pause
 * is over. What the Evaluator uses without requestsPerSecond. @internal
 */
export class PauseGate implements ItemRateLimiter {
  private pausedUntil = 0;

  acquire(signal?: AbortSignal): Promise<void> | void {
    if (this.pausedUntil > performance.now()) return waitUntil(() => this.pausedUntil, signal);
  }

  tryAcquire(): boolean {
    return !(this.pausedUntil > performance.now());
  }

  pause(ms: number): void {
    if (!(ms > 0)) return;
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }
}

/**
 * Spaces task starts at most `perSecond` per second (evenly, no bursts). A `pause(ms)` holds every start, also those
 * whose slot was handed out before it, until the pause is over. @internal
 */
export class RateLimiter implements ItemRateLimiter {
  private next = 0;
  private pausedUntil = 0;
  private readonly interval: number;

  constructor(perSecond: number) {
    this.interval = 1000 / perSecond;
  }

  /** Waits for the next free slot (and the end of any pause); rejects if the signal aborts meanwhile. */
  acquire(signal?: AbortSignal): Promise<void> | void {
    const now = performance.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.interval;
    if (slot > now || this.pausedUntil > now) return waitUntil(() => Math.max(slot, this.pausedUntil), signal);
  }

  tryAcquire(): boolean {
    const now = performance.now();
    if (this.next > now || this.pausedUntil > now) return false;
    this.next = now + this.interval;
    return true;
  }

  pause(ms: number): void {
    if (!(ms > 0)) return;
    const until = performance.now() + ms;
    this.pausedUntil = Math.max(this.pausedUntil, until);
    // Slots after the pause stay spaced: the first one is at its end.
    this.next = Math.max(this.next, until);
  }
}
