import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { listItems } from '../../api/endpoints';
import type { QueryParams } from '../../api/client';
import type { ItemJson, ItemPageJson } from '../../api/types';
import { RUNNING_REFETCH_MS } from '../../hooks/liveTiming';

/** Items per page: a screenful many times over, small enough to arrive fast. */
export const ITEM_PAGE_SIZE = 100;

/**
 * A run's items for the given API parameters, page after page (cursor paging) as the table scrolls. The key starts
 * with ['run', runId] so the live events' invalidation of a run (e.g. when it finishes) refreshes its items too.
 */
export function useRunItems(runId: string, params: QueryParams, live = false) {
  return useInfiniteQuery({
    queryKey: ['run', runId, 'items', params],
    queryFn: ({ pageParam, signal }) => listItems(runId, { ...params, limit: ITEM_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: ItemPageJson) => last.nextCursor ?? undefined,
    // Keep the rows on screen while the next query's first page loads: no flash of an empty table as you type.
    placeholderData: (previous) => previous,
    // A running run grows: its loaded pages are read again now and then (its end invalidates them at once).
    refetchInterval: live ? RUNNING_REFETCH_MS : false,
  });
}

/** One item of a run by its dataset item id (the drawer; works for items not loaded in the table, e.g. a shared URL). */
export function useRunItem(runId: string, itemId: string | undefined) {
  return useQuery({
    queryKey: ['run', runId, 'item', itemId],
    enabled: itemId !== undefined,
    queryFn: async ({ signal }): Promise<ItemJson | null> => {
      const page = await listItems(runId, { itemId: itemId!, limit: 1 }, signal);
      return page.items[0] ?? null;
    },
  });
}
