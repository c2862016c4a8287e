import type { RunJson } from '../api/types';
import { useRunProgress } from './useRunEvents';

/** A run's item counts as the page shows them. */
export interface LiveCounts {
  totalItems: number;
  successfulItems: number;
  failedItems: number;
  /** successful / total, or null while no item is stored (0 of 0 is no rate). */
  successRate: number | null;
  /** Items stored per second, from the live events; null when unknown or when no progress came for a while. */
  itemsPerSecond: number | null;
}

type CountedRun = Pick<RunJson, 'id' | 'status' | 'totalItems' | 'successfulItems' | 'failedItems' | 'successRate'>;

/**
 * A run's item counts: while it runs, from whichever is newer of the live progress events and the last fetch of the
 * run (a running run's counts only grow, so the one with more items stored), so that every place on a page says the
 * same number; once it has ended, as stored.
 */
export function useLiveCounts(run: CountedRun): LiveCounts {
  const progress = useRunProgress(run.status === 'running' ? run.id : undefined);
  const stored: LiveCounts = {
    totalItems: run.totalItems,
    successfulItems: run.successfulItems,
    failedItems: run.failedItems,
    successRate: run.totalItems === 0 ? null : run.successRate,
    itemsPerSecond: progress?.itemsPerSecond ?? null,
  };
  if (!progress || progress.itemsStored <= run.totalItems) return stored;
  return {
    totalItems: progress.itemsStored,
    successfulItems: progress.successfulItems,
    failedItems: progress.failedItems,
    successRate: progress.itemsStored === 0 ? null : progress.successRate,
    itemsPerSecond: progress.itemsPerSecond,
  };
}
