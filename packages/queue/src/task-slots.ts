/**
 * A counting semaphore for the tasks a worker runs at once. BullMQ's own concurrency counts a job until its processor
 * returns, which includes waiting for its item's batch to be stored; the worker lets BullMQ hold more jobs than this
 * and takes a slot here only around the task, so `concurrency` stays "tasks in flight" while stores overlap them.
 * @internal
 */
export class TaskSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

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

  private acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    // The slot passes straight to the next waiter, so a caller arriving meanwhile cannot take it out of turn.
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
