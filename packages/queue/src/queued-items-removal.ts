import type { Queue } from 'bullmq';

/** Job ids read from Redis at a time. */
const IDS_PER_PAGE = 10_000;
/** The states where an item job waits for a worker (taken by none). */
const WAITING_STATES = ['wait', 'prioritized', 'delayed'] as const;

/**
 * Removes a finalised run's item jobs that no worker holds from the queue. A run cancelled while no worker was
 * connected left every item it had queued in Redis for good (400 jobs with no expiry): `queue status` said "The queue
 * is empty" above them, and the first worker to connect went through them all, finalising the run again. A job a
 * worker took meanwhile is left to it (it skips an item of a finalised run). Returns how many were removed.
 * @internal
 */
export async function removeQueuedItems(queue: Queue, runId: string): Promise<number> {
  const prefix = `${runId}_`;
  const ids: string[] = [];
  for (const state of WAITING_STATES) {
    for (let start = 0; ; start += IDS_PER_PAGE) {
      const page = await queue.getRanges([state], start, start + IDS_PER_PAGE - 1, true);
      for (const id of page) if (id.startsWith(prefix)) ids.push(id);
      if (page.length < IDS_PER_PAGE) break;
    }
  }
  let removed = 0;
  for (const id of ids) {
    // 0 when a worker took it meanwhile (locked) or it is gone: left as it is.
    removed += await queue.remove(id).catch(() => 0);
  }
  return removed;
}
