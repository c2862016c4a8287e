import { useEffect, useMemo } from 'react';
import { useQueries, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { getRun } from '../../api/endpoints';
import type { QueryParams } from '../../api/client';
import type { RunJson, RunPageJson } from '../../api/types';
import { RUNNING_REFETCH_MS } from '../../hooks/liveTiming';
import { useRunEventStream } from '../../hooks/useRunEvents';

/** At most this many running runs of a list are watched (the first shown): a list rarely shows more than a few. */
export const MAX_WATCHED_RUNS = 20;

/** The query of one watched run: its own key, so the run page's ['run', ref] and this poll never share options. */
const watchKey = (id: string) => ['run', id, 'watch'] as const;

/**
 * Re-reads each running run a list shows (GET /runs/:id, every RUNNING_REFETCH_MS, only while the tab is visible), and
 * once one is no longer running patches its row in the list's cached pages. No event says a run became abandoned (its
 * writer died): only a read shows it. The infinite list itself is not polled, since that would re-read every page loaded,
 * one full search each. A list whose membership may depend on status (a q or a status filter, "running runs") is
 * invalidated once instead, so the run can leave it.
 */
export function useRunningWatch(listKey: QueryKey, params: QueryParams, runs: RunJson[], listUpdatedAt: number): void {
  const queryClient = useQueryClient();
  const stream = useRunEventStream();
  const ids = useMemo(
    () => runs.filter((run) => run.status === 'running').slice(0, MAX_WATCHED_RUNS).map((run) => run.id),
    [runs],
  );
  const watched = useQueries({
    queries: ids.map((id) => ({
      queryKey: watchKey(id),
      queryFn: ({ signal }: { signal: AbortSignal }): Promise<RunJson> => getRun(id, signal),
      // The list has just read it: the first re-read is one interval later.
      initialData: () => runs.find((run) => run.id === id),
      initialDataUpdatedAt: () => Date.now(),
      staleTime: RUNNING_REFETCH_MS,
      refetchInterval: RUNNING_REFETCH_MS,
      refetchIntervalInBackground: false,
    })),
  });
  // Only a read newer than the list's answer counts (a run shown running again after a stall must not be patched back).
  const ended = watched
    .filter((q) => q.dataUpdatedAt > listUpdatedAt)
    .map((q) => q.data)
    .filter((run): run is RunJson => run !== undefined && run.status !== 'running' && ids.includes(run.id));
  const endedKey = ended.map((run) => `${run.id}:${run.status}`).join(',');
  const membershipMayChange = params.q !== undefined || params.status !== undefined;

  useEffect(() => {
    if (ended.length === 0) return;
    for (const run of ended) stream?.settle(run.id, run.status);
    if (membershipMayChange) {
      void queryClient.invalidateQueries({ queryKey: listKey, exact: true });
    }
    // Either way the row shows its new status at once (a re-read list then replaces it with its own answer).
    queryClient.setQueryData<InfiniteData<RunPageJson>>(listKey, (data) => (data ? patchRuns(data, ended) : data));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- endedKey stands for ended
  }, [endedKey, listKey, membershipMayChange, queryClient, stream]);
}

/** `data` with the rows of `updates` replaced by their list fields; every other page and row is the same object. */
function patchRuns(data: InfiniteData<RunPageJson>, updates: RunJson[]): InfiniteData<RunPageJson> {
  const byId = new Map(updates.map((run) => [run.id, run]));
  let changed = false;
  const pages = data.pages.map((page) => {
    if (!page.runs.some((run) => byId.has(run.id))) return page;
    return {
      ...page,
      runs: page.runs.map((row) => {
        const update = byId.get(row.id);
        if (!update || update.status === row.status) return row;
        changed = true;
        // Only the fields a list row has (the run's answer also carries its metrics).
        const next = { ...row } as Record<string, unknown>;
        for (const key of Object.keys(row)) if (key in update) next[key] = (update as unknown as Record<string, unknown>)[key];
        return next as unknown as RunJson;
      }),
    };
  });
  return changed ? { ...data, pages } : data;
}
