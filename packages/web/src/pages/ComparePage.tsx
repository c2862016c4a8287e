import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { getRun } from '../api/endpoints';
import { ErrorPanel } from '../components/ErrorPanel';
import { formatTime } from '../components/format';
import { CompareOptionsForm } from '../components/compare/CompareOptionsForm';
import { comparisonQuery, ONLY_VALUES, optionsFrom, OPTION_KEYS, type CompareOptions } from '../components/compare/compareState';
import { ItemChanges, type ItemView } from '../components/compare/ItemChanges';
import { ItemPairView } from '../components/compare/ItemPairView';
import { MetricComparisonSkeleton, MetricComparisonTable } from '../components/compare/MetricComparisonTable';
import { RunPicker } from '../components/compare/RunPicker';
import { SummaryDeltas, SummaryDeltasSkeleton } from '../components/compare/SummaryDeltas';
import { useUrlState } from '../hooks/useUrlState';
import { UserText } from '../components/UserText';
import './ComparePage.css';

/**
 * Compare: run B (the candidate) against run A (the baseline), both any run reference. Everything — the runs, the
 * options, the item filters and sort, the opened item — lives in the URL (`/compare?a=…&b=…&only=regressed&item=…`).
 */
export function ComparePage() {
  const { get, set } = useUrlState();
  const a = get('a');
  const b = get('b');
  const optionsKey = OPTION_KEYS.map((k) => get(k) ?? '').join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the options object changes only when a value does
  const options: CompareOptions = useMemo(() => optionsFrom(get), [optionsKey]);
  const only = ONLY_VALUES[get('only') ?? ''];
  const view: ItemView = { only, changed: get('changed') === '1', regressionFirst: get('sort') === 'regression' };
  const item = get('item');

  const comparison = useQuery({
    ...comparisonQuery(a ?? '', b ?? '', options),
    enabled: Boolean(a && b),
    placeholderData: keepPreviousData,
  });

  const data = comparison.data;
  // The runs' start and end times, so the summary shows a duration the way the run page does (— when not known).
  const runA = useQuery({ queryKey: ['run', data?.runA.id], queryFn: ({ signal }) => getRun(data!.runA.id, signal), enabled: Boolean(data) });
  const runB = useQuery({ queryKey: ['run', data?.runB.id], queryFn: ({ signal }) => getRun(data!.runB.id, signal), enabled: Boolean(data) });
  const current = data && !comparison.isPlaceholderData ? data : undefined;

  return (
    <div className="page compare-page">
      <h1>
        Compare{' '}
        {data && (
          <span className="compare-title-runs">
            <Link to={`/runs/${encodeURIComponent(data.runA.id)}`}>
              <UserText text={data.runA.name} />
            </Link>{' '}
            →{' '}
            <Link to={`/runs/${encodeURIComponent(data.runB.id)}`}>
              <UserText text={data.runB.name} />
            </Link>
          </span>
        )}
      </h1>
      <div className="compare-pickers">
        <RunPicker label="Baseline (A)" value={a} onPick={(run) => set({ a: run, item: null }, { push: true })} />
        <button type="button" className="compare-swap" onClick={() => set({ a: b ?? null, b: a ?? null, item: item ?? null }, { push: true })} disabled={!a && !b} title="Swap baseline and candidate">
          Swap
        </button>
        <RunPicker label="Candidate (B)" value={b} onPick={(run) => set({ b: run, item: null }, { push: true })} />
      </div>
      {!a || !b ? (
        <p className="muted compare-hint">
          Choose a baseline run (A) and a candidate run (B): the changes are B − A. On the runs page, select two runs and
          press Compare, or type a reference such as <code>latest~1</code> and <code>latest</code>.
        </p>
      ) : (
        <>
          <CompareOptionsForm key={optionsKey} options={options} metricNames={data?.metrics.map((m) => m.metric) ?? []} onApply={(next) => set(Object.fromEntries(OPTION_KEYS.map((k) => [k, next[k] ?? null])))} />
          {comparison.isError ? (
            <ErrorPanel error={comparison.error} onRetry={() => void comparison.refetch()} title="The runs could not be compared" />
          ) : (
            <>
              <h2>Summary</h2>
              {data ? <SummaryDeltas summary={data.summary} runs={{ a: runA.data, b: runB.data }} /> : <SummaryDeltasSkeleton />}
              <h2>Metrics</h2>
              {data ? <MetricComparisonTable comparison={data} /> : <MetricComparisonSkeleton />}
              {data && (
                <p className="muted compare-footnote">
                  Verdicts at alpha = {data.significance.alpha} with Holm’s correction across metrics; a verdict needs at least{' '}
                  {data.significance.minimumPairs} informative pairs. Computed {formatTime(data.computedAt)}
                  {data.fromCache ? ' (stored)' : ''}.
                </p>
              )}
              {current ? (
                <ItemChanges
                  a={a}
                  b={b}
                  options={options}
                  comparison={current}
                  view={view}
                  selected={item}
                  onView={(changes) =>
                    set({
                      ...('only' in changes ? { only: changes.only ?? null } : {}),
                      ...('changed' in changes ? { changed: changes.changed ? '1' : null } : {}),
                      ...('regressionFirst' in changes ? { sort: changes.regressionFirst ? 'regression' : null } : {}),
                    })
                  }
                  onOpen={(itemId) => set({ item: itemId }, { push: true })}
                />
              ) : (
                <div className="skeleton" style={{ height: 420, marginTop: 20 }} aria-hidden="true" />
              )}
              {item && <ItemPairView a={a} b={b} itemId={item} lowerIsBetter={data?.options.lowerIsBetter ?? []} onClose={() => set({ item: null })} />}
            </>
          )}
        </>
      )}
    </div>
  );
}
