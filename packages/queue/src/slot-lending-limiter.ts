import type { ItemRateLimiter } from '@llm-eval/evaluator';
import type { TaskSlots } from './task-slots';

/**
 * How long an item waits for the limiter before it lends its slot: a real wait (its turn at the run's rate, a pause),
 * not the Redis read every start of a limited run makes, which would pass its slot to the next item for a moment and so
 * start that item's task early (one a closing worker would then have to finish instead of handing back).
 */
const LEND_AFTER_MS = 50;

/**
 * A run's shared rate limiter (RedisRateLimiter, or RedisPauseGate's Retry-After pause) as a worker's items use it:
 * an item that has to wait for its turn, or for its backoff before a retry (longer than LEND_AFTER_MS), lends its task
 * slot meanwhile (TaskSlots.lend) and takes it back before its task goes on. Held in their slots, a run's waiting items kept every slot of the worker — a run at 1 item/s, or one
 * paused for two minutes by a Retry-After, stopped every other run on the same workers. `waiting` counts the items
 * waiting now, so the worker can hand further items of the run back to the queue (worker.ts) instead of holding them.
 * @internal
 */
export class SlotLendingLimiter implements ItemRateLimiter {
  /** Items of the run waiting for the limiter in this worker now with their slots lent (waits over LEND_AFTER_MS). */
  waiting = 0;

  constructor(
    private readonly inner: ItemRateLimiter & { pausedForMs?(): number; backlogMs?(): number },
    private readonly slots: TaskSlots,
  ) {}

  tryAcquire(): boolean {
    return this.inner.tryAcquire?.() ?? false;
  }

  acquire(signal?: AbortSignal): Promise<void> | void {
    const wait = this.inner.acquire(signal);
    return wait && this.lendWhile(wait);
  }

  pause(ms: number): void {
    this.inner.pause?.(ms);
  }

  /** How long the run's shared Retry-After pause lasts yet, as this worker last read it (0 when none). */
  pausedForMs(): number {
    return this.inner.pausedForMs?.() ?? 0;
  }

  /**
   * How long a start of the run would wait now (its shared backlog at its rate, or its pause), as this worker last saw
   * it; the pause alone for a run without a rate limit.
   */
  backlogMs(): number {
    return this.inner.backlogMs?.() ?? this.pausedForMs();
  }

  /** An item's backoff before a retry (a Retry-After's included: the item that got the 429 waits it out too). */
  hold(wait: Promise<void>): Promise<void> {
    return this.lendWhile(wait);
  }

  private async lendWhile(wait: Promise<void>): Promise<void> {
    let lent = false;
    const lend = setTimeout(() => {
      lent = true;
      this.waiting++;
      this.slots.lend();
    }, LEND_AFTER_MS);
    try {
      await wait;
    } finally {
      clearTimeout(lend);
      if (lent) {
        this.waiting--;
        // Taken back whatever the wait ended with: the task slot is released once when the item's run() settles.
        await this.slots.reclaim();
      }
    }
  }
}
