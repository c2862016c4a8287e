/** The longest a delete waits for the change watcher's catch-up before going on without it. */
export const CATCH_UP_LIMIT_MS = 1_500;

/**
 * Runs `catchUp` (publishing the changes the watcher has not read yet) but waits for it at most `limitMs`: on
 * PostgreSQL it asks the LISTEN connection, which a half-open connection would leave unanswered for as long as TCP
 * takes to notice, and a DELETE must not hang on it. A catch-up skipped (or failing) only means the run's earlier
 * events may reach subscribers without it, as they did before; it is logged through `onSkipped`, never thrown.
 */
export async function catchUpWithin(
  catchUp: () => Promise<void>,
  limitMs: number = CATCH_UP_LIMIT_MS,
  onSkipped: (reason: 'timeout' | 'error', error?: unknown) => void = () => undefined,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limitMs);
  });
  try {
    const done = catchUp().then(
      () => 'done' as const,
      (error: unknown) => {
        onSkipped('error', error);
        return 'error' as const;
      },
    );
    if ((await Promise.race([done, timedOut])) === 'timeout') onSkipped('timeout');
  } catch (error) {
    // catchUp threw before returning a promise.
    onSkipped('error', error);
  } finally {
    clearTimeout(timer);
  }
}
