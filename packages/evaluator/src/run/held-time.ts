/**
 * How long the run's own synchronous work on items (recording a task's output, scoring metrics) has held the thread,
 * in total. One item's slow synchronous metric (ROUGE-L of two long texts, a regex that backtracks) blocks every other
 * item in flight: their task timers fire late and their elapsed time grows, and without this clock they were recorded
 * as timed out ("Task timed out after 2000 ms") although their own task had long answered. Timeouts count a task's
 * (or an async metric's) time minus what this clock gained meanwhile. @internal
 */
export class HeldTime {
  private total = 0;

  /** Milliseconds held so far. */
  get ms(): number {
    return this.total;
  }

  /** Adds the time since `since` (a performance.now() reading) and returns now. */
  addSince(since: number): number {
    const now = performance.now();
    this.total += now - since;
    return now;
  }

  /** A stopwatch from `start` (default now) that leaves out what this clock gains from now on: other items' work. */
  stopwatch(start = performance.now()): () => number {
    const heldAtStart = this.total;
    return () => performance.now() - start - (this.total - heldAtStart);
  }
}

/**
 * Calls `expire` once `limitMs` of the stopwatch's time has passed. A timer that fires late because other items' work
 * held the thread is set again for the time still left, instead of expiring early in the item's own terms. Returns a
 * function that cancels it.
 */
export function deadline(limitMs: number, elapsed: () => number, expire: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = (ms: number) => {
    timer = setTimeout(() => {
      const left = limitMs - elapsed();
      if (left > 0.5) arm(left);
      else expire();
    }, ms);
  };
  arm(limitMs);
  return () => clearTimeout(timer);
}
