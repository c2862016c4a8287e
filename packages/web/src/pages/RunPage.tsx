import { useCallback, useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import { usePathParam } from '../hooks/usePathParam';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, type QueryParams } from '../api/client';
import { getRun } from '../api/endpoints';
import type { RunWithMetricsJson } from '../api/types';
import { ErrorPanel } from '../components/ErrorPanel';
import { ExportButtons } from '../components/run/ExportButtons';
import { ItemDrawer } from '../components/run/ItemDrawer';
import { ItemFilters } from '../components/run/ItemFilters';
import { itemQueryParams, type ItemFilterState } from '../components/run/itemQuery';
import { ItemsTable, ItemsTableSkeleton } from '../components/run/ItemsTable';
import { MetricStats, MetricStatsSkeleton } from '../components/run/MetricStats';
import { RunSummary, RunSummarySkeleton } from '../components/run/RunSummary';
import { useRunItems } from '../components/run/useRunItems';
import { useDebounced } from '../hooks/useDebounced';
import { RUNNING_REFETCH_MS } from '../hooks/liveTiming';
import { useRunEventListener } from '../hooks/useRunEvents';
import { useUrlState } from '../hooks/useUrlState';
import { ShownText, UserText, visibleText } from '../components/UserText';
import './RunPage.css';

/** References that name a different run as runs come and go. */
const MOVING_REFERENCE = /^latest(~\d+)?$/;

/**
 * The run detail page, `/runs/:run` (any run reference): summary, per-metric statistics, the items (query or quick
 * filters, virtualised, paged as you scroll) and the item drawer. Its state lives in the URL:
 * `?q=failed%20items&item=q-039`, or `?status=failed&metric=f1&min=0.2&max=0.6`.
 */
export function RunPage() {
  const ref = usePathParam('/runs/');
  const queryClient = useQueryClient();
  const runQuery = useQuery({
    queryKey: ['run', ref],
    queryFn: ({ signal }) => getRun(ref, signal),
    // While it runs, its totals move: the live events say when it ends, a slow poll keeps the numbers fresh meanwhile
    // and shows when it becomes abandoned (no event says so).
    refetchInterval: (query) => (query.state.data?.status === 'running' ? RUNNING_REFETCH_MS : false),
  });
  const run = runQuery.data;

  // The events hook invalidates ['run', <id>]; this page's key is the reference it was opened with, so it follows
  // its run's events itself (and, for latest/latest~N, any run created or deleted, which may change what it names).
  useRunEventListener((event) => {
    const mine = run !== undefined && event.runId === run.id;
    const moves = MOVING_REFERENCE.test(ref) && (event.type === 'run.created' || event.type === 'run.deleted');
    if ((mine && event.type !== 'run.progress') || moves) void queryClient.invalidateQueries({ queryKey: ['run', ref], exact: true });
  });

  useEffect(() => {
    document.title = run ? `${visibleText(run.name)} · llm-eval` : 'Run · llm-eval';
  }, [run]);

  if (runQuery.isError) return <RunError reference={ref} error={runQuery.error} onRetry={() => void runQuery.refetch()} />;
  if (!run) return <RunPageSkeleton />;
  return <RunDetail run={run} />;
}

function RunError({ reference, error, onRetry }: { reference: string; error: unknown; onRetry: () => void }) {
  if (error instanceof ApiRequestError && error.status === 404) {
    return (
      <div className="page">
        <h1>
          No run <UserText text={reference} />
        </h1>
        <p>
          <ShownText text={error.message} />
        </p>
        <Link to="/">Back to the runs</Link>
      </div>
    );
  }
  if (error instanceof ApiRequestError && error.status === 409) {
    return (
      <div className="page">
        <h1>
          Which run is <UserText text={reference} />?
        </h1>
        <ErrorPanel error={error} title="The reference names more than one run" />
        <Link to="/">Back to the runs</Link>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>
        Run <UserText text={reference} />
      </h1>
      <ErrorPanel error={error} onRetry={onRetry} title="The run could not be loaded" />
    </div>
  );
}

function RunPageSkeleton() {
  return (
    <div className="page run-page" aria-busy="true">
      <div className="skeleton run-title-skeleton" aria-hidden="true" />
      <RunSummarySkeleton />
      <h2>Metrics</h2>
      <MetricStatsSkeleton />
      <h2>Items</h2>
      <div className="skeleton run-filters-skeleton" aria-hidden="true" />
      <ItemsTableSkeleton />
    </div>
  );
}

function useItemFilters(): [ItemFilterState, (changes: Partial<ItemFilterState>) => void] {
  const url = useUrlState();
  const state: ItemFilterState = {
    q: url.get('q') ?? '',
    status: url.getAll('status'),
    metric: url.get('metric') ?? '',
    min: url.get('min') ?? '',
    max: url.get('max') ?? '',
  };
  const { set } = url;
  const change = useCallback((changes: Partial<ItemFilterState>) => set(changes), [set]);
  return [state, change];
}

function RunDetail({ run }: { run: RunWithMetricsJson }) {
  const url = useUrlState();
  const [filters, setFilters] = useItemFilters();
  const openItemId = url.get('item');

  // The API is asked once typing pauses; the URL (and so the box) follows every key.
  const paramsKey = useDebounced(JSON.stringify(itemQueryParams(filters)), 250);
  const params = useMemo(() => JSON.parse(paramsKey) as QueryParams, [paramsKey]);
  const items = useRunItems(run.id, params, run.status === 'running');
  const rows = useMemo(() => items.data?.pages.flatMap((page) => page.items) ?? [], [items.data]);
  const firstPage = items.data?.pages[0];

  const metrics = useMemo(() => {
    const names = new Set(run.metricsUsed);
    for (const metric of run.metrics) names.add(metric.metricName);
    return [...names];
  }, [run]);

  const { fetchNextPage } = items;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const openItem = useCallback((itemId: string) => url.set({ item: itemId }, { push: !url.get('item') }), [url]);
  const closeItem = useCallback(() => url.set({ item: null }), [url]);

  const openIndex = openItemId === undefined ? -1 : rows.findIndex((item) => item.itemId === openItemId);
  const step =
    openIndex < 0
      ? undefined
      : {
          previous: openIndex > 0 ? () => openItem(rows[openIndex - 1]!.itemId) : undefined,
          next: openIndex < rows.length - 1 ? () => openItem(rows[openIndex + 1]!.itemId) : undefined,
        };

  const queryRejected = items.error instanceof ApiRequestError && items.error.status === 422;
  const waiting = paramsKey !== JSON.stringify(itemQueryParams(filters)) || items.isFetching;

  return (
    <div className="page run-page">
      <div className="run-head">
        <div className="run-title">
          <Link to="/" className="muted run-back">
            ← Runs
          </Link>
          <h1>
            <UserText text={run.name} />
          </h1>
        </div>
        <ExportButtons runId={run.id} />
      </div>
      <RunSummary run={run} />

      <h2>Metrics</h2>
      <MetricStats metrics={run.metrics} />

      <h2 id="items-heading">Items</h2>
      <ItemFilters
        state={filters}
        onChange={setFilters}
        metrics={metrics}
        feedback={{
          explanation: items.isError ? undefined : firstPage?.explanation,
          warnings: items.isError ? undefined : firstPage?.warnings,
          total: items.isError ? undefined : firstPage?.total,
          error: items.error,
          fetching: waiting && !items.isFetchingNextPage,
        }}
      />
      {items.isError && !queryRejected ? (
        <ErrorPanel error={items.error} onRetry={() => void items.refetch()} title="The items could not be loaded" />
      ) : items.isError ? (
        <p className="muted items-empty">Fix the query to see items; every filter can be written in it, e.g. "failed items f1 below 0.5".</p>
      ) : items.isPending ? (
        <ItemsTableSkeleton />
      ) : rows.length === 0 ? (
        <p className="muted items-empty" role="status">
          No items match.
        </p>
      ) : (
        <ItemsTable
          items={rows}
          metrics={metrics}
          total={firstPage?.total}
          hasNextPage={items.hasNextPage}
          fetchingNextPage={items.isFetchingNextPage}
          onLoadMore={loadMore}
          onOpen={openItem}
          openItemId={openItemId}
        />
      )}
      {openItemId !== undefined && <ItemDrawer runId={run.id} itemId={openItemId} onClose={closeItem} onStep={step} />}
    </div>
  );
}
