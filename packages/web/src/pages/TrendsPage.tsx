import { lazy, Suspense, useEffect, useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getTrend } from '../api/endpoints';
import { ErrorPanel } from '../components/ErrorPanel';
import { useUrlState } from '../hooks/useUrlState';
import { TrendPickers } from '../components/trends/TrendPickers';
import { TrendTable } from '../components/trends/TrendTable';
import { TREND_CHART_HEIGHT } from '../components/trends/chartHeight';
import { toChartPoints, type Bucket, type TrendFilters } from '../components/trends/trendData';
import { useTrendOptions } from '../components/trends/useTrendOptions';
import { useOpenPoint } from '../components/trends/useOpenPoint';
import { formatCount, formatScore } from '../components/format';
import { UserText } from '../components/UserText';
import './TrendsPage.css';

// recharts is the biggest library of the app: loaded with the first chart, not with the runs list.
const TrendChart = lazy(() => import('../components/trends/TrendChart'));

/** The trend's filters from the URL (`/trends?metric=f1&project=alpha&since=30d&bucket=day`). */
function useTrendFilters(params: URLSearchParams, defaultMetric: string | undefined): TrendFilters | null {
  return useMemo(() => {
    const metric = params.get('metric') || defaultMetric;
    if (!metric) return null;
    return {
      metric,
      project: params.get('project') || undefined,
      dataset: params.get('dataset') || undefined,
      model: params.get('model') || undefined,
      since: params.get('since') || '30d',
      bucket: (params.get('bucket') === 'week' ? 'week' : 'day') as Bucket,
    };
  }, [params, defaultMetric]);
}

/** A metric's mean over time (per day or week) for a project, dataset and model: chart, table, and the way to the runs. */
export function TrendsPage() {
  const url = useUrlState();
  const options = useTrendOptions(url.get('project'));
  // Without a metric in the URL, the most used one of recent runs (success rate when runs have none).
  const defaultMetric = options.loading ? undefined : (options.metrics[0] ?? 'success_rate');
  const filters = useTrendFilters(url.params, defaultMetric);

  // The chosen default goes into the URL, so the address always names what is shown.
  const hasMetric = url.params.has('metric');
  const setUrl = url.set;
  useEffect(() => {
    if (!hasMetric && defaultMetric) setUrl({ metric: defaultMetric });
  }, [hasMetric, setUrl, defaultMetric]);

  const trend = useQuery({
    queryKey: ['trends', filters],
    queryFn: ({ signal }) =>
      getTrend(
        {
          metric: filters!.metric,
          project: filters!.project,
          dataset: filters!.dataset,
          model: filters!.model,
          since: filters!.since,
          bucket: filters!.bucket,
        },
        signal,
      ),
    enabled: filters !== null,
    placeholderData: keepPreviousData,
  });
  const points = useMemo(() => toChartPoints(trend.data?.points ?? []), [trend.data]);
  // A point opens the runs it counts: from where the API started the trend (since=30d is counted back from its now).
  const startsAt = trend.data?.since;
  const pointFilters = useMemo<TrendFilters>(() => (filters ? { ...filters, startsAt } : { metric: '', since: '30d', bucket: 'day' }), [filters, startsAt]);
  const { open, opening } = useOpenPoint(pointFilters);
  const onOpen = (point: { bucket: string; runs: number }) => void open(point);

  const totalRuns = points.reduce((sum, p) => sum + p.runs, 0);
  const latest = points.at(-1);

  return (
    <div className="page trends-page">
      <h1>Trends</h1>
      {filters ? (
        <TrendPickers filters={filters} options={options} onChange={(changes) => url.set(changes)} />
      ) : (
        <div className="toolbar trend-pickers skeleton" style={{ height: 52 }} aria-hidden="true" />
      )}
      <p className="muted trend-summary" aria-live="polite">
        {trend.data && points.length > 0 && filters
          ? `${formatCount(totalRuns)} completed run${totalRuns === 1 ? '' : 's'} in ${points.length} ${filters.bucket}${points.length === 1 ? '' : 's'}; latest mean ${formatScore(latest?.mean)}. Click a point or a row to open its runs.`
          : ' '}
        {opening && ` Opening the run of ${opening}…`}
      </p>
      {trend.isError ? (
        <ErrorPanel title="The trend could not be loaded" error={trend.error} onRetry={() => void trend.refetch()} />
      ) : !trend.data || !filters ? (
        <TrendSkeleton />
      ) : points.length === 0 ? (
        <div className="card trend-empty" style={{ minHeight: TREND_CHART_HEIGHT }}>
          <h2>
            No completed runs with{' '}
            {filters.metric === 'success_rate' ? (
              'a success rate'
            ) : (
              <>
                the metric “<UserText text={filters.metric} />”
              </>
            )}{' '}
            here
          </h2>
          {trend.data.warnings?.map((warning) => (
            <p key={warning} className="warning" role="note">
              <UserText text={warning} />
            </p>
          ))}
          <p className="muted">
            No completed run{' '}
            {filters.project && (
              <>
                of project <UserText text={filters.project} />{' '}
              </>
            )}
            {filters.dataset && (
              <>
                on dataset <UserText text={filters.dataset} />{' '}
              </>
            )}
            {filters.model && (
              <>
                with model <UserText text={filters.model} />{' '}
              </>
            )}
            since {filters.since} has this metric. Pick a longer time span, another metric or fewer filters — or record
            runs with <code>llm-eval evaluate</code>.
          </p>
        </div>
      ) : (
        <div className={trend.isPlaceholderData ? 'trend-body stale' : 'trend-body'}>
          <Suspense fallback={<div className="skeleton" style={{ height: TREND_CHART_HEIGHT }} />}>
            <TrendChart points={points} metric={filters.metric} bucket={filters.bucket} onOpen={onOpen} />
          </Suspense>
          <h2>Points</h2>
          <TrendTable points={points} metric={filters.metric} bucket={filters.bucket} onOpen={onOpen} />
        </div>
      )}
    </div>
  );
}

/** Placeholder of the chart and table while the first trend loads, of their final size. */
function TrendSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the trend">
      <div className="skeleton" style={{ height: TREND_CHART_HEIGHT }} />
      <h2>Points</h2>
      <div className="skeleton" style={{ height: 34 * 4 }} />
    </div>
  );
}
