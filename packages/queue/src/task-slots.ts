/**
 * A counting semaphore for the tasks a worker runs at once. BullMQ's own concurrency counts a job until its processor
 * returns, which includes waiting for its item's batch to be stored; the worker lets BullMQ hold more jobs than this
 * and takes a slot here only around the task, so `concurrency` stays "tasks in flight" while stores overlap them.
 * @internal
 */
export class TaskSlots {
  private free: number;
  private readonly waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  /** Tasks taking back a slot they lent (reclaim): served before tasks waiting to start. */
  private readonly reclaiming: Array<() => void> = [];
  private stopped: Error | undefined;

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Runs `fn` once a slot is free and frees the slot when it settles (first come, first served). */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /**
   * Lends the caller's slot (taken by run()) while its task waits for something other than the machine — its run's
   * rate limit or Retry-After pause — so another run's task can use it meanwhile; the caller must reclaim() it before
   * its task goes on.
   */
  lend(): void {
    this.release();
  }

  /**
   * Takes back a slot lent with lend(): ahead of every task waiting to start, and after stop() too (a task in flight
   * goes on, as it would have had it kept its slot).
   */
  reclaim(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.reclaiming.push(resolve));
  }

  /**
   * No task starts from now on: run() rejects with `reason` for every caller still waiting for a slot and every later
   * one (the worker closes: what has not started goes back to the queue); tasks in flight go on.
   */
  stop(reason: Error): void {
    this.stopped ??= reason;
    for (const waiter of this.waiting.splice(0)) waiter.reject(reason);
  }

  /** Whether `error` is the rejection of a run() after stop(). */
  isStopped(error: unknown): boolean {
    return this.stopped !== undefined && error === this.stopped;
  }

  private acquire(): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(): void {
    // The slot passes straight to the next waiter, so a caller arriving meanwhile cannot take it out of turn; a task
    // taking back the slot it lent comes first.
    const back = this.reclaiming.shift();
    if (back) return back();
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.free++;
  }
}
