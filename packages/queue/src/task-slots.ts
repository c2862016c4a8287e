/**
 * A counting semaphore for the tasks a worker runs at once. BullMQ's own concurrency counts a job until its processor
 * returns, which includes waiting for its item's batch to be stored; the worker lets BullMQ hold more jobs than this
 * and takes a slot here only around the task, so `concurrency` stays "tasks in flight" while stores overlap them.
 * @internal
 */
export class TaskSlots {
  private free: number;
  private readonly waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
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
    // The slot passes straight to the next waiter, so a caller arriving meanwhile cannot take it out of turn.
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.free++;
  }
}
