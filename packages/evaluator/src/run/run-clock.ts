/**
 * A run's wall-clock times, read once from the system clock when the run begins and then advanced by the monotonic
 * clock (as OpenTelemetry's span times are). A system clock stepped during the run (NTP, a manual change) then moves
 * none of its times: an hour stepped forward no longer made a 12-second run last an hour, and one stepped back no
 * longer put its items' ends before their starts, or its start before its creation. A process suspended meanwhile
 * (a laptop asleep) leaves its later times behind the system clock by the time it slept.
 * @internal
 */
export class RunClock {
  private readonly wallAtStart = Date.now();
  private readonly monotonicAtStart = performance.now();

  /** The run's current time. */
  now(): Date {
    return new Date(this.wallAtStart + (performance.now() - this.monotonicAtStart));
  }
}
