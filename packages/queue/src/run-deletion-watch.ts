import type { Database } from '@llm-eval/storage';

/** How often a submitter waiting for its run looks for the run in the database. */
export const DELETION_CHECK_MS = 1_000;

/**
 * Looks for a submitted run in the database every `intervalMs` while its submitter waits, and calls `onDeleted` once
 * when it is gone (`runs delete --force`, a forced delete through the API). Nothing in Redis says so: the workers
 * learn it only when they store an item of the run, and items in flight may take their whole timeout (30 s by default,
 * or never, for a task that waits on something) before they do; meanwhile the submitter would wait for a run that no
 * longer exists. A read that fails (the database restarting) is tried again at the next check. Returns stop.
 * @internal
 */
export function watchRunDeletion(db: Database, runId: string, onDeleted: () => void, intervalMs = DELETION_CHECK_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = async () => {
    let gone = false;
    try {
      gone = (await db.runs.getRun(runId)) === null;
    } catch {
      // the next check tries again
    }
    if (stopped) return;
    if (gone) {
      stopped = true;
      onDeleted();
      return;
    }
    timer = setTimeout(() => void check(), intervalMs);
    timer.unref();
  };
  timer = setTimeout(() => void check(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
