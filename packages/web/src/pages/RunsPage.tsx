import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { RunJson } from '../api/types';
import { ErrorPanel } from '../components/ErrorPanel';
import { formatCount } from '../components/format';
import { DeleteRunsDialog, type RunRef } from '../components/runs/DeleteRunsDialog';
import { FilterChips } from '../components/runs/FilterChips';
import { RunSearchBox } from '../components/runs/RunSearchBox';
import { RunsTable } from '../components/runs/RunsTable';
import { SelectionBar } from '../components/runs/SelectionBar';
import { SortMenu } from '../components/runs/SortMenu';
import { addFilter, clearFilters, listParams, nextSort, parseSort, readChips, removeFilter, sortOf, STATUS_CHOICES, type FilterKey, type SortField } from '../components/runs/runFilters';
import { compareUrl, toggle } from '../components/runs/selection';
import { useRunList } from '../components/runs/useRunList';
import { useUrlState } from '../hooks/useUrlState';
import './RunsPage.css';

/**
 * `/`: every run, searchable in plain words, filterable by clicking a value, sortable by column, live. The whole view
 * (q, filters, sort, selection) lives in the URL: `/?q=failed+runs&project=alpha&sort=successRate:asc&sel=<id>`.
 */
export function RunsPage() {
  const navigate = useNavigate();
  const { params, get, getAll, set } = useUrlState();
  const q = get('q') ?? '';
  const chips = useMemo(() => readChips(params), [params]);
  // The selection answers a click at once (a router navigation may land a frame later) and follows into the URL.
  const urlSelected = getAll('sel');
  const [selected, setSelected] = useState(urlSelected);
  const urlKey = urlSelected.join(',');
  useEffect(() => {
    setSelected((current) => (current.join(',') === urlKey ? current : urlKey ? urlKey.split(',') : []));
  }, [urlKey]);
  // The latest selection, for handlers that must not change identity with it (rows are memoised).
  const selectedNow = useRef(selected);
  selectedNow.current = selected;
  const select = useCallback(
    (next: string[]) => {
      selectedNow.current = next;
      setSelected(next);
      set({ sel: next });
    },
    [set],
  );
  const apiParams = useMemo(() => listParams(params), [params]);
  const list = useRunList(apiParams);
  // The URL's sort, else the one the API answered in (a q such as "top 5 by success rate" sorts too).
  const sort = parseSort(get('sort')) ?? sortOf(list.head?.sort);
  // A metric order (a trend point's runs, "top 5 by exact_match"): the menu names it, as it has no column.
  const served = list.head?.sort;
  const metricSort = !sort && served?.field === 'metric' && served.metric ? { metric: served.metric, direction: served.direction } : null;
  const [deleting, setDeleting] = useState<RunRef[] | null>(null);
  // Names and dates of selected runs, kept when a new query no longer lists them (for the dialog and compare order).
  const selectedRuns = useRef(new Map<string, RunJson>());

  const onSearch = useCallback((text: string) => set({ q: text.trim() ? text : null }), [set]);
  const onFilter = useCallback(
    (key: FilterKey, value: string) => {
      const change = addFilter(params, key, value);
      if (change) set(change, { push: true });
    },
    [params, set],
  );
  const onSort = useCallback((field: SortField) => set({ sort: nextSort(sort, field) }, { push: true }), [set, sort]);
  const onSortChoice = useCallback((value: string) => set({ sort: value }, { push: true }), [set]);
  const onToggle = useCallback(
    (id: string) => {
      const run = list.runs.find((r) => r.id === id);
      if (run) selectedRuns.current.set(id, run);
      select(toggle(selectedNow.current, id));
    },
    [list.runs, select],
  );

  const known = (id: string) => selectedRuns.current.get(id) ?? list.runs.find((r) => r.id === id);
  const total = list.head?.total;
  const filtered = q !== '' || chips.length > 0;

  return (
    <div className="page runs-page">
      <div className="runs-heading">
        <h1>Runs</h1>
        <span className="muted runs-total" data-testid="runs-total">
          {total === undefined ? '\u00a0' : list.runs.length < total ? `${formatCount(list.runs.length)} of ${formatCount(total)} runs loaded` : `${formatCount(total)} ${total === 1 ? 'run' : 'runs'}`}
        </span>
      </div>
      <RunSearchBox
        value={q}
        onSearch={onSearch}
        explanation={list.head?.explanation}
        warnings={list.head?.warnings}
        stale={list.stale}
        error={list.queryError}
        showExplanation={chips.length > 0}
      />
      <div className="toolbar runs-toolbar">
        <select
          aria-label="Filter by status"
          value=""
          onChange={(e) => {
            if (e.target.value) onFilter('status', e.target.value);
          }}
        >
          <option value="">+ Status…</option>
          {STATUS_CHOICES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <SortMenu sort={sort} metric={metricSort} onSort={onSortChoice} />
        <FilterChips chips={chips} onRemove={(chip) => set(removeFilter(params, chip), { push: true })} onClear={() => set(clearFilters(), { push: true })} />
        <SelectionBar
          count={selected.length}
          onCompare={() => navigate(compareUrl(selected, new Map(selected.flatMap((id) => (known(id) ? [[id, known(id)!]] : [])))))}
          onDelete={() => setDeleting(selected.map((id) => ({ id, name: known(id)?.name ?? id })))}
          onClear={() => select([])}
        />
      </div>
      {list.error ? (
        <ErrorPanel error={list.error} onRetry={list.refetch} title="The runs could not be loaded" />
      ) : !list.loading && list.runs.length === 0 ? (
        <div className="card runs-empty" role="status">
          {filtered ? (
            <>
              <strong>No runs match.</strong>
              <p className="muted">Try fewer words or filters.</p>
              <button type="button" onClick={() => set(clearFilters(), { push: true })}>
                Clear the search and filters
              </button>
            </>
          ) : (
            <>
              <strong>No runs yet</strong>
              <p className="muted">
                Run <code>llm-eval evaluate</code> (or try <code>llm-eval demo</code>) and the run appears here as it starts.
              </p>
            </>
          )}
        </div>
      ) : (
        <RunsTable
          runs={list.runs}
          loading={list.loading}
          stale={list.stale}
          sort={sort}
          onSort={onSort}
          selected={selected}
          onToggle={onToggle}
          onFilter={onFilter}
          hasNextPage={list.hasNextPage}
          fetchingNext={list.fetchingNext}
          fetchNextPage={list.fetchNextPage}
        />
      )}
      {deleting && (
        <DeleteRunsDialog
          runs={deleting}
          onCancel={() => setDeleting(null)}
          onDone={(deleted) => {
            setDeleting(null);
            select(selected.filter((id) => !deleted.includes(id)));
          }}
        />
      )}
    </div>
  );
}
