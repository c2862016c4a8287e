import { useInfiniteQuery, useQueryClient, type InfiniteData, type UseInfiniteQueryResult } from '@tanstack/react-query';
import { compareRuns, listItems } from '../../api/endpoints';
import type { ComparisonJson } from '../../api/types';
import { compareParams, type ChangeList, type CompareOptions } from './compareState';
import { fetchItemsById, pairRow, scoringOf, type PairRow } from './pairRows';

/** Rows per page: a page carries the items' outputs too (the items API has no field selection), so it stays small. */
export const PAGE_SIZE = 100;

/** The row sources: the comparison's four lists, and 'all' (run A's items in sequence, paired with B's). */
export type Segment = ChangeList | 'all';

interface Page {
  rows: PairRow[];
  next: string | null;
}

/** Which segments the item list shows, in order. */
export function segmentsFor(view: { only?: ChangeList; changed: boolean; regressionFirst: boolean }): Segment[] {
  if (view.only) return [view.only];
  if (view.regressionFirst) return ['regressed', 'improved'];
  if (view.changed) return ['improved', 'regressed'];
  return ['all', 'onlyInB'];
}

async function fetchListPage(
  a: string,
  b: string,
  options: CompareOptions,
  comparison: ComparisonJson,
  list: ChangeList,
  cursor: string | null,
  signal: AbortSignal,
): Promise<Page> {
  const page = await compareRuns(compareParams(a, b, options, { itemsLimit: PAGE_SIZE, [`${list}Cursor`]: cursor ?? undefined }), signal);
  const next = page.items.pages[list].nextCursor;
  const scoring = scoringOf(comparison);
  if (list === 'onlyInA' || list === 'onlyInB') {
    const ids = page.items[list];
    const items = await fetchItemsById(list === 'onlyInA' ? a : b, ids, signal);
    return { rows: ids.map((id) => pairRow(id, list === 'onlyInA' ? items.get(id) : undefined, list === 'onlyInB' ? items.get(id) : undefined, scoring)), next };
  }
  const changes = page.items[list];
  const ids = changes.map((c) => c.itemId);
  const [itemsA, itemsB] = await Promise.all([fetchItemsById(a, ids, signal), fetchItemsById(b, ids, signal)]);
  // The API's deltas and change are the truth for its lists; the items only add the scores of each side.
  const rows = changes.map((c) => ({ ...pairRow(c.itemId, itemsA.get(c.itemId), itemsB.get(c.itemId), scoring), kind: list, deltas: c.deltas, change: c.change }));
  return { rows, next };
}

/** A page of run A's items in sequence, each paired with the same item of run B (fetched by id). */
async function fetchAllPage(a: string, b: string, comparison: ComparisonJson, cursor: string | null, signal: AbortSignal): Promise<Page> {
  const page = await listItems(a, { limit: PAGE_SIZE, cursor: cursor ?? undefined, sort: 'sequenceNumber' }, signal);
  const ids = page.items.map((item) => item.itemId);
  const itemsB = ids.length ? await fetchItemsById(b, ids, signal) : new Map();
  const scoring = scoringOf(comparison);
  const rows = page.items.map((item) => pairRow(item.itemId, { status: item.status, scores: item.scores }, itemsB.get(item.itemId), scoring));
  return { rows, next: page.nextCursor };
}

type SegmentQuery = UseInfiniteQueryResult<InfiniteData<Page, string | null>, Error>;

function segmentKey(segment: Segment, a: string, b: string, options: CompareOptions, comparison: ComparisonJson | undefined) {
  // Under ['runs']: a run created, finished or deleted refetches the lists (the comparison may have changed).
  return ['runs', 'compare', a, b, options, 'rows', segment, comparison?.computedAt] as const;
}

function useSegment(segment: Segment, a: string, b: string, options: CompareOptions, comparison: ComparisonJson | undefined, enabled: boolean): SegmentQuery {
  return useInfiniteQuery({
    queryKey: segmentKey(segment, a, b, options, comparison),
    queryFn: ({ pageParam, signal }) =>
      segment === 'all' ? fetchAllPage(a, b, comparison!, pageParam, signal) : fetchListPage(a, b, options, comparison!, segment, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    enabled: enabled && comparison !== undefined,
  });
}

export interface ChangeRows {
  rows: PairRow[];
  /** Whether more rows can be loaded (a segment has another page, or a later segment has not started). */
  hasMore: boolean;
  loading: boolean;
  fetching: boolean;
  error: Error | null;
  retry: () => void;
  loadMore: () => void;
}

/**
 * The rows of the item changes for the segments in order, page by page: a segment starts loading once the one
 * before it is complete, so rows never get inserted above the ones already shown.
 */
export function useChangeRows(a: string, b: string, options: CompareOptions, comparison: ComparisonJson | undefined, segments: Segment[]): ChangeRows {
  const queryClient = useQueryClient();
  // Whether a segment has loaded all its pages, read from the cache: a segment may come before another in
  // `segments` but after it in the fixed order the hooks are called in.
  const complete = (segment: Segment) => {
    const data = queryClient.getQueryData<InfiniteData<Page, string | null>>(segmentKey(segment, a, b, options, comparison));
    return data !== undefined && data.pages.length > 0 && data.pages[data.pages.length - 1]!.next === null;
  };
  const readiness = (segment: Segment) => {
    const index = segments.indexOf(segment);
    return index >= 0 && segments.slice(0, index).every(complete);
  };
  const queries = new Map<Segment, SegmentQuery>([
    ['all', useSegment('all', a, b, options, comparison, readiness('all'))],
    ['improved', useSegment('improved', a, b, options, comparison, readiness('improved'))],
    ['regressed', useSegment('regressed', a, b, options, comparison, readiness('regressed'))],
    ['onlyInA', useSegment('onlyInA', a, b, options, comparison, readiness('onlyInA'))],
    ['onlyInB', useSegment('onlyInB', a, b, options, comparison, readiness('onlyInB'))],
  ]);
  const active = segments.map((s) => queries.get(s)!);
  const rows = active.flatMap((q) => q.data?.pages.flatMap((p) => p.rows) ?? []);
  const failed = active.find((q) => q.error);
  const pendingIndex = segments.findIndex((s) => !complete(s));
  const pending = pendingIndex >= 0 ? active[pendingIndex] : undefined;
  return {
    rows,
    hasMore: pending !== undefined,
    loading: comparison === undefined || (active[0]?.data === undefined && !failed),
    fetching: active.some((q) => q.isFetching),
    error: failed?.error ?? null,
    retry: () => void failed?.refetch(),
    loadMore: () => {
      if (pending && pending.hasNextPage && !pending.isFetching) void pending.fetchNextPage();
    },
  };
}
