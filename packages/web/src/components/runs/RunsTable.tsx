import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RunJson } from '../../api/types';
import { runPath } from '../../api/client';
import { RunRow } from './RunRow';
import type { FilterKey, Sort, SortField } from './runFilters';
import { rowsPerScreen, virtualRowTarget } from '../virtualRowKeys';

/** Every row has this height (CSS keeps it), so the virtualiser needs no measuring and skeletons match. */
export const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 36;
const SKELETON_ROWS = 8;

interface Column {
  id: string;
  label: string;
  sort?: SortField;
  className?: string;
}

const COLUMNS: Column[] = [
  { id: 'name', label: 'Name', sort: 'name', className: 'col-name' },
  { id: 'status', label: 'Status', className: 'col-status' },
  { id: 'project', label: 'Project', className: 'col-project hide-narrow' },
  { id: 'dataset', label: 'Dataset', className: 'col-dataset hide-narrow' },
  { id: 'model', label: 'Model', className: 'col-model' },
  { id: 'success', label: 'Success', sort: 'successRate', className: 'col-success num' },
  { id: 'items', label: 'Items', className: 'col-items num' },
  { id: 'latency', label: 'Avg time', sort: 'avgResponseTime', className: 'col-latency num hide-narrow' },
  { id: 'tokens', label: 'Tokens', sort: 'totalTokens', className: 'col-tokens num hide-narrow' },
  { id: 'cost', label: 'Cost', sort: 'totalCost', className: 'col-cost num hide-narrow' },
  { id: 'duration', label: 'Duration', sort: 'durationSeconds', className: 'col-duration num hide-narrow' },
  { id: 'created', label: 'Created', sort: 'createdAt', className: 'col-created' },
  { id: 'tags', label: 'Tags', className: 'col-tags hide-narrow' },
];

interface Props {
  runs: RunJson[];
  /** Show skeleton rows (the first load). */
  loading: boolean;
  /** The rows belong to an earlier query while the next one loads. */
  stale: boolean;
  sort: Sort | null;
  onSort: (field: SortField) => void;
  selected: readonly string[];
  onToggle: (id: string) => void;
  onFilter: (key: FilterKey, value: string) => void;
  hasNextPage: boolean;
  fetchingNext: boolean;
  fetchNextPage: () => void;
}

/**
 * The runs as a table whose body is virtualised (only the rows on screen are in the DOM, so 100,000 runs scroll like
 * 100) and which asks for the next page as the end comes near. Keyboard: ↑/↓ (Home/End, PgUp/PgDn) move between rows,
 * Enter opens the run, Space selects it.
 */
export function RunsTable({ runs, loading, stale, sort, onSort, selected, onToggle, onFilter, hasNextPage, fetchingNext, fetchNextPage }: Props) {
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const wantFocus = useRef<number | null>(null);
  // One extra row at the end while more pages exist: it shows "Loading more…" and triggers the next page.
  const count = runs.length + (hasNextPage ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollPaddingStart: HEADER_HEIGHT,
    // Before the first measurement (and in test DOMs that measure nothing), assume a screenful.
    initialRect: { width: 1280, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasNextPage && !fetchingNext && lastIndex >= runs.length - 20) fetchNextPage();
  }, [lastIndex, runs.length, hasNextPage, fetchingNext, fetchNextPage]);

  // Keyboard moves focus to a row that may have only just been rendered.
  useEffect(() => {
    if (wantFocus.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${wantFocus.current}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      wantFocus.current = null;
    }
  });
  // A shorter list (new query) must not leave the active row past its end.
  useEffect(() => {
    if (active >= runs.length && runs.length) setActive(runs.length - 1);
  }, [active, runs.length]);

  const moveTo = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(runs.length - 1, index));
      setActive(next);
      wantFocus.current = next;
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [runs.length, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    const onRow = e.target === row;
    const target = virtualRowTarget(e.key, index, runs.length, rowsPerScreen(scrollRef.current, ROW_HEIGHT));
    if (target !== null) {
      e.preventDefault();
      moveTo(target);
      return;
    }
    const run = runs[index];
    if (!run || !onRow) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      navigate(runPath(run.id));
    } else if (e.key === ' ') {
      e.preventDefault();
      onToggle(run.id);
    }
  };

  const rendered = new Set(items.map((i) => i.index));
  // The row Tab lands on: the active one, or the first on screen when the active one scrolled away.
  const tabbable = rendered.has(active) ? active : (items[0]?.index ?? 0);
  const padTop = items.length ? items[0]!.start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const rows = loading ? SKELETON_ROWS : Math.max(count, 1);
  const selectedSet = new Set(selected);

  return (
    <div
      className={stale ? 'table-wrap runs-table-wrap stale' : 'table-wrap runs-table-wrap'}
      ref={scrollRef}
      style={{ height: HEADER_HEIGHT + rows * ROW_HEIGHT + 2 }}
      aria-busy={loading || stale}
    >
      <table className="data runs-table" aria-rowcount={runs.length + 1}>
        <thead>
          <tr style={{ height: HEADER_HEIGHT }}>
            <th className="col-select">
              <span className="visually-hidden">Select</span>
            </th>
            {COLUMNS.map((col) => {
              const current = col.sort && sort?.field === col.sort ? sort.direction : null;
              return (
                <th
                  key={col.id}
                  className={col.className}
                  aria-sort={current === 'asc' ? 'ascending' : current === 'desc' ? 'descending' : undefined}
                >
                  {col.sort ? (
                    <button type="button" className="sort" onClick={() => onSort(col.sort!)} title={`Sort by ${col.label.toLowerCase()}`}>
                      {col.label}
                      <span aria-hidden="true" className="sort-arrow">
                        {current === 'asc' ? ' ▲' : current === 'desc' ? ' ▼' : ''}
                      </span>
                    </button>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        {loading ? (
          <tbody>
            {Array.from({ length: SKELETON_ROWS }, (_, i) => (
              <tr key={i} className="run-row" aria-hidden="true">
                <td colSpan={COLUMNS.length + 1}>
                  <div className="skeleton" />
                </td>
              </tr>
            ))}
          </tbody>
        ) : (
          <tbody
            onKeyDown={onKeyDown}
            onFocus={(e) => {
              // A row focused by click or Tab becomes the one the arrows move from.
              const index = (e.target as HTMLElement).closest<HTMLElement>('tr[data-index]')?.dataset.index;
              if (index !== undefined) setActive(Number(index));
            }}
          >
            {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
            {items.map((item) => {
              const run = runs[item.index];
              if (!run) {
                return (
                  <tr key="more" className="run-row" aria-hidden="true">
                    <td colSpan={COLUMNS.length + 1} className="muted">
                      Loading more runs…
                    </td>
                  </tr>
                );
              }
              return (
                <RunRow
                  key={run.id}
                  run={run}
                  index={item.index}
                  selected={selectedSet.has(run.id)}
                  tabbable={item.index === tabbable}
                  onToggle={onToggle}
                  onFilter={onFilter}
                />
              );
            })}
            {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
          </tbody>
        )}
      </table>
    </div>
  );
}
