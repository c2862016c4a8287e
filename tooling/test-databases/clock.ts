const DAY = 86_400_000;

/**
 * Waits, when midnight at any of `offsetsHours` from UTC falls within the next `marginMs`, until just after it. A test
 * that works out "today" or "last week" once and queries the server or the CLI seconds later then sees one calendar
 * day throughout, whatever the moment it runs (the day it computed and the day the code under test reads would
 * otherwise differ when midnight falls in between). Give the calling hook a timeout longer than `marginMs`.
 */
export async function clearOfMidnight(offsetsHours: readonly number[] = [0], marginMs = 180_000): Promise<void> {
  const now = Date.now();
  let wait = 0;
  for (const hours of offsetsHours) {
    const offset = hours * 3_600_000;
    const nextMidnight = Math.floor((now + offset) / DAY + 1) * DAY - offset;
    if (nextMidnight - now < marginMs) wait = Math.max(wait, nextMidnight - now + 1_000);
  }
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** A hook timeout that covers clearOfMidnight's longest default wait and a minute of the hook's own work. */
export const CLEAR_OF_MIDNIGHT_TIMEOUT_MS = 180_000 + 60_000;
