import { useMemo, useRef } from 'react';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { listRuns } from '../../api/endpoints';
import type { QueryParams } from '../../api/client';
import { ApiRequestError } from '../../api/client';
import type { RunJson, RunPageJson } from '../../api/types';
import { useRunningWatch } from './useRunningWatch';

const NO_RUNS: RunJson[] = [];

/** Runs per request: a few screens of rows, so scrolling rarely waits and the DOM stays small (rows are virtualised). */
export const PAGE_SIZE = 100;

export interface RunList {
  runs: RunJson[];
  /** The first page of the answer shown (explanation, warnings, total, sort), or undefined before any answer. */
  head: RunPageJson | undefined;
  /** The answer shown belongs to an earlier query (the next one is loading, or it was a query the API refused). */
  stale: boolean;
  /** The API could not parse q (422 invalid_query): shown under the search box, the previous results stay. */
  queryError: ApiRequestError | null;
  /** Any other error: shown as the page's error. */
  error: unknown;
  loading: boolean;
  hasNextPage: boolean;
  fetchingNext: boolean;
  fetchNextPage: () => void;
  refetch: () => void;
}

/** The query of a runs list: the page's hook and the prefetch at start-up (main.tsx) share it, so their keys match. */
export function runListQuery(params: QueryParams) {
  return infiniteQueryOptions({
    queryKey: ['runs', 'list', params],
    queryFn: ({ pageParam, signal }) => listRuns({ ...params, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: RunPageJson) => last.nextCursor ?? undefined,
  });
}

/**
 * GET /runs as an infinite, cursor-paged list under the ['runs', …] key, which live events invalidate: new, finished
 * and deleted runs show up without a reload. While the next query loads (typing), the previous answer stays visible.
 * No event says a run became abandoned (its writer died): the running runs shown are re-read one by one
 * (useRunningWatch), never the list's pages, and a run that stopped running is patched into its row — or, in a
 * search it may leave ("running runs"), the list is re-read once.
 */
export function useRunList(params: QueryParams): RunList {
  // One key object per params, so the watch's effect does not run again on every render.
  const options = useMemo(() => runListQuery(params), [params]);
  const query = useInfiniteQuery({ ...options, placeholderData: keepPreviousData });
  // The last answer that worked: a query the API refuses (422) keeps it on screen rather than emptying the table.
  const lastGood = useRef(query.data);
  if (query.data) lastGood.current = query.data;
  const queryError = query.error instanceof ApiRequestError && query.error.code === 'invalid_query' ? query.error : null;
  const data = query.data ?? (queryError ? lastGood.current : undefined);
  const runs = useMemo(() => data?.pages.flatMap((p) => p.runs) ?? [], [data]);
  // Only runs of this query's own answer are watched (not a previous query's kept on screen).
  useRunningWatch(options.queryKey, params, query.isPlaceholderData ? NO_RUNS : runs, query.dataUpdatedAt);
  return {
    runs,
    head: data?.pages[0],
    stale: query.isPlaceholderData || (queryError !== null && data !== undefined),
    queryError,
    error: queryError ? null : query.error,
    loading: query.isPending && !data,
    hasNextPage: query.hasNextPage,
    fetchingNext: query.isFetchingNextPage,
    fetchNextPage: () => void query.fetchNextPage(),
    refetch: () => void query.refetch(),
  };
}
