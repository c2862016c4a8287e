/** One attempt's abort handle: aborted by the run's cancellation, or by the attempt itself (its timeout). @internal */
export interface AttemptAbort {
  controller: AbortController;
  /** Stops forwarding the run's cancellation to this attempt; call it when the attempt ends. */
  release(): void;
}

/**
 * Forwards a run's cancellation to every in-flight attempt through one listener on the run's signal. A listener per
 * item or attempt on the shared signal would pile up with the concurrency (Node warns past 10 listeners:
 * MaxListenersExceededWarning) and would be a leak if an attempt ever forgot to remove its own.
 * @internal
 */
export class RunCancellation {
  private readonly inFlight = new Set<AbortController>();
  private readonly onAbort = () => {
    for (const controller of this.inFlight) controller.abort(this.signal!.reason);
    this.inFlight.clear();
  };

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** True once the run is cancelled. */
  get cancelled(): boolean {
    return !!this.signal?.aborted;
  }

  /** A new controller that the run's cancellation aborts (at once, when the run is already cancelled). */
  attempt(): AttemptAbort {
    const controller = new AbortController();
    if (this.signal?.aborted) {
      controller.abort(this.signal.reason);
      return { controller, release: () => undefined };
    }
    this.inFlight.add(controller);
    return { controller, release: () => this.inFlight.delete(controller) };
  }

  /** Removes the one listener from the run's signal (the caller's signal may outlive the run). */
  dispose(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.inFlight.clear();
  }
}
