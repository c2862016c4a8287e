/**
 * How long the run's own synchronous work on items (recording a task's output, scoring metrics) has held the thread,
 * in total. One item's slow synchronous metric (ROUGE-L of two long texts, a regex that backtracks) blocks every other
 * item in flight: an answer that arrived meanwhile waits behind it, and those items were recorded as timed out
 * ("Task timed out after 2000 ms") although their task had answered in time. @internal
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

  /** Whether the run held the thread at any time from now on, when asked later. */
  since(): () => boolean {
    const at = this.total;
    return () => this.total > at;
  }
}

/**
 * Calls `expire` once `limitMs` has passed, as a timer does. When the run's own work held the thread meanwhile
 * (`held()`), the timer may fire before an answer that arrived during the hold was delivered (timers run before the
 * event loop reads sockets and files): `expire` then waits one more turn of the event loop, so that answer comes
 * first, and no longer. Returns a function that cancels it.
 */
export function deadline(limitMs: number, held: () => boolean, expire: () => void): () => void {
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => {
    if (held()) immediate = setImmediate(expire);
    else expire();
  }, limitMs);
  return () => {
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
  };
}
