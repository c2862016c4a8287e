import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ComparisonJson } from '../../api/types';
import { ErrorPanel } from '../ErrorPanel';
import { formatCount } from '../format';
import type { ChangeList, CompareOptions } from './compareState';
import { ItemChangeRow } from './ItemChangeRow';
import { itemCountText, itemOrderText, itemTotal, noItemsText } from './itemCount';
import { segmentsFor, useChangeRows } from './useChangeRows';
import { rowsPerScreen, virtualRowTarget } from '../virtualRowKeys';

const ROW_HEIGHT = 35;

const CHIPS: Array<{ list: ChangeList; label: string }> = [
  { list: 'improved', label: 'Improved' },
  { list: 'regressed', label: 'Regressed' },
  { list: 'onlyInA', label: 'Only in A' },
  { list: 'onlyInB', label: 'Only in B' },
];

export interface ItemView {
  only?: ChangeList;
  changed: boolean;
  regressionFirst: boolean;
}

/**
 * The items of the two runs side by side, virtualised and loaded page by page as the list scrolls: all paired items
 * in run A's order, or only the changed ones (improved and regressed, or regressed first), or one list.
 * Rows are focusable; arrow keys move, Enter opens the pair.
 */
export function ItemChanges({
  a,
  b,
  options,
  comparison,
  view,
  selected,
  onView,
  onOpen,
}: {
  a: string;
  b: string;
  options: CompareOptions;
  comparison: ComparisonJson;
  view: ItemView;
  selected?: string;
  onView: (changes: Partial<ItemView>) => void;
  onOpen: (itemId: string) => void;
}) {
  const segments = segmentsFor(view);
  const data = useChangeRows(a, b, options, comparison, segments);
  const counts = comparison.items.counts;
  const metrics = comparison.metrics.map((m) => m.metric);
  const selection = { only: view.only, changed: view.changed || view.regressionFirst };
  const total = itemTotal(counts, selection);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: data.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  // Load the next page when the last rows come into view.
  useEffect(() => {
    if (data.hasMore && !data.fetching && (!last || last.index >= data.rows.length - 20)) data.loadMore();
  }, [last?.index, data.rows.length, data.hasMore, data.fetching]); // eslint-disable-line react-hooks/exhaustive-deps

  // Roving focus: one row is in the tab order; arrows move it, and the row is focused once rendered.
  const [active, setActive] = useState(0);
  const [focusWanted, setFocusWanted] = useState(false);
  useEffect(() => {
    if (!focusWanted) return;
    const row = scroller.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      setFocusWanted(false);
    }
  });
  const move = (index: number) => {
    const next = Math.max(0, Math.min(data.rows.length - 1, index));
    setActive(next);
    setFocusWanted(true);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (index: number, itemId: string) => (event: KeyboardEvent<HTMLTableRowElement>) => {
    const target = virtualRowTarget(event.key, index, data.rows.length, rowsPerScreen(scroller.current, ROW_HEIGHT));
    if (target === null && event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    if (target === null) onOpen(itemId);
    else move(target);
  };
  const activeIndex = Math.min(active, Math.max(0, data.rows.length - 1));

  const paddingTop = items.length ? items[0]!.start : 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - last!.end : 0;
  const columns = 3 + metrics.length;

  return (
    <section aria-labelledby="item-changes-title" className="item-changes">
      <h2 id="item-changes-title">Items</h2>
      <div className="toolbar item-changes-toolbar">
        <div className="chips" role="group" aria-label="Filter items">
          {CHIPS.map((chip) => (
            <button
              key={chip.list}
              type="button"
              className={view.only === chip.list ? 'chip filter-chip on' : 'chip filter-chip'}
              aria-pressed={view.only === chip.list}
              onClick={() => onView({ only: view.only === chip.list ? undefined : chip.list })}
            >
              {chip.label} <span className="muted">{formatCount(counts[chip.list])}</span>
            </button>
          ))}
        </div>
        <label className="toggle">
          <input type="checkbox" checked={view.changed || view.regressionFirst} disabled={view.only !== undefined} onChange={(e) => onView({ changed: e.target.checked, regressionFirst: e.target.checked ? view.regressionFirst : false })} />
          Show only changed
        </label>
        <label className="toggle" title="Regressed items first, the worst first (this shows the changed items: ordering every item would mean loading them all)">
          <input type="checkbox" checked={view.regressionFirst} disabled={view.only !== undefined} onChange={(e) => onView({ regressionFirst: e.target.checked })} />
          Sort by regression
        </label>
      </div>
      <p className="muted item-count" data-testid="item-count" aria-live="polite">
        {itemCountText(counts, selection)}
        {data.rows.length < total && ` · ${formatCount(data.rows.length)} of ${formatCount(total)} loaded`}
        {` · ${itemOrderText(counts, { ...selection, regressionFirst: view.regressionFirst && !view.only }, comparison.items.primaryMetric)}`}
      </p>
      {data.error ? (
        <ErrorPanel error={data.error} onRetry={data.retry} title="The items could not be loaded" />
      ) : (
        <div className="table-wrap item-changes-scroll" ref={scroller}>
          <table className="data item-changes-table" aria-rowcount={total + 1}>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Change</th>
                <th scope="col">Status A → B</th>
                {metrics.map((m) => (
                  <th scope="col" key={m} className="num">
                    {m} A → B (Δ)
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.loading ? (
                Array.from({ length: 8 }, (_, i) => (
                  <tr key={i} aria-hidden="true">
                    <td colSpan={columns}>
                      <div className="skeleton" style={{ height: ROW_HEIGHT - 14 }} />
                    </td>
                  </tr>
                ))
              ) : data.rows.length === 0 && !data.hasMore ? (
                <tr>
                  <td colSpan={columns} className="muted">
                    {noItemsText(selection)}
                  </td>
                </tr>
              ) : (
                <>
                  {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
                  {items.map((v) => {
                    const row = data.rows[v.index]!;
                    return (
                      <ItemChangeRow
                        key={`${row.kind}:${row.itemId}`}
                        row={row}
                        index={v.index}
                        metrics={metrics}
                        lowerIsBetter={comparison.options.lowerIsBetter}
                        focusable={v.index === activeIndex}
                        selected={row.itemId === selected}
                        onOpen={() => {
                          setActive(v.index);
                          onOpen(row.itemId);
                        }}
                        onFocus={() => setActive(v.index)}
                        onKeyDown={onKeyDown(v.index, row.itemId)}
                      />
                    );
                  })}
                  {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
                </>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
