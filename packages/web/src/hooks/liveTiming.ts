/**
 * How often a page re-reads what it shows of a running run (the run page, its items, the runs list). Live events say
 * when a run is created, progresses, finishes or is deleted, but not when it becomes abandoned: storage derives that
 * when it is read (its writer's heartbeat stopped), so only a read shows it.
 */
export const RUNNING_REFETCH_MS = 5_000;

/**
 * A run's live rate (items per second) is shown until no progress event has come for this long, or for 3 of the gaps
 * between its events if longer (the server sends one when the item count changes, so a run of 15 s items sends one
 * every 15 s): a writer that died sends nothing more, and its last rate must not stay on screen as if it were working.
 */
export const LIVE_RATE_EXPIRY_MS = 2 * RUNNING_REFETCH_MS;
