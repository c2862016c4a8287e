/**
 * Not a stored status: the run's row is gone (deleted by another process while it ran: `runs delete --force`, the
 * API). The writer learns it as it learns of a close (a heartbeat finding no run, a batch refused with
 * RunNotFoundError), and the evaluation stops as it does for a cancel, but reports a storage failure.
 * @internal
 */
export const RUN_DELETED = 'deleted';

/**
 * A closed run's stored status as a number, for the Int32Array the storage worker shares with the evaluation thread
 * (0: still open). Statuses not listed travel as `closed`.
 * @internal
 */
const CLOSED_STATUSES = ['cancelled', 'failed', 'completed', 'pending', 'closed', RUN_DELETED] as const;

/** @internal */
export function closedStatusCode(status: string): number {
  const index = (CLOSED_STATUSES as readonly string[]).indexOf(status);
  return (index < 0 ? CLOSED_STATUSES.indexOf('closed') : index) + 1;
}

/** The status a code stands for; undefined for 0 (open). @internal */
export function closedStatusOf(code: number): string | undefined {
  return code === 0 ? undefined : (CLOSED_STATUSES[code - 1] ?? 'closed');
}
