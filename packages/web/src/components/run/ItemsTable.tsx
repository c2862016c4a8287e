import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ItemJson } from '../../api/types';
import { formatCount, formatDuration } from '../format';
import { displayText } from '../JsonOrText';
import { StatusBadge } from '../StatusBadge';
import { ScoreValue } from './ScoreCell';
import { rowsPerScreen, virtualRowTarget } from '../virtualRowKeys';
import { ShownText, UserText, visibleText } from '../UserText';

/** Row height in px: fixed, so the virtualiser needs no measuring and the scrollbar never jumps. */
export const ROW_HEIGHT = 34;
/** Load the next page when the last rendered row is this close to the end of the loaded ones. */
const PREFETCH_ROWS = 20;

/** The first line of an output (or the error), short enough for a cell. */
function preview(item: ItemJson): string {
  const text = item.actualOutput ?? (item.errorMessage ? `${item.errorType ?? 'error'}: ${item.errorMessage}` : '');
  const flat = displayText(text).replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/**
 * A run's items as a virtualised table (only the rows in view are in the DOM), loading the next page as the end
 * comes into view. Keyboard: Tab reaches the table's one focusable row, ↑/↓ (Home/End, PageUp/PageDown) move, Enter
 * opens the item.
 */
export function ItemsTable({
  items,
  metrics,
  total,
  hasNextPage,
  fetchingNextPage,
  onLoadMore,
  onOpen,
  openItemId,
}: {
  items: ItemJson[];
  metrics: string[];
  total: number | undefined;
  hasNextPage: boolean;
  fetchingNextPage: boolean;
  onLoadMore: () => void;
  onOpen: (itemId: string) => void;
  openItemId: string | undefined;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActiveState] = useState(0);
  // The active row also in a ref: keys pressed faster than React renders each move from the latest one.
  const activeRef = useRef(0);
  const setActive = (index: number) => {
    activeRef.current = index;
    setActiveState(index);
  };
  const focusPending = useRef(false);
  const rowCount = items.length + (hasNextPage ? 1 : 0);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Rendered rows before the first measurement (tests, first paint): a screenful.
    initialRect: { width: 1000, height: 600 },
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastRendered = virtualRows[virtualRows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !fetchingNextPage && lastRendered >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [hasNextPage, fetchingNextPage, lastRendered, items.length, onLoadMore]);

  // A new query starts at the top.
  const first = items[0]?.id;
  useEffect(() => {
    setActive(0);
  }, [first]);

  // After a key moved the active row, focus it once it is rendered.
  useEffect(() => {
    if (!focusPending.current) return;
    const row = scroller.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`);
    if (row) {
      focusPending.current = false;
      row.focus({ preventScroll: true });
    }
  });

  const move = (index: number) => {
    const next = Math.max(0, Math.min(items.length - 1, index));
    focusPending.current = true;
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    const index = activeRef.current;
    const target = virtualRowTarget(event.key, index, items.length, rowsPerScreen(scroller.current, ROW_HEIGHT, 600));
    if (target === null && event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    if (target === null) onOpen(items[index]!.itemId);
    else move(target);
  };

  const columns = 5 + metrics.length;
  const paddingTop = virtualRows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualRows[virtualRows.length - 1]?.end ?? 0);

  return (
    <div ref={scroller} className="table-wrap items-scroller" data-testid="items-table">
      <table className="data items-table" aria-rowcount={total === undefined ? undefined : total + 1}>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Status</th>
            {metrics.map((metric) => (
              <th key={metric} scope="col" className="num">
                <UserText text={metric} />
              </th>
            ))}
            <th scope="col" className="num">
              Time
            </th>
            <th scope="col" className="num">
              Tokens
            </th>
            <th scope="col">Output</th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden="true" className="items-spacer">
              <td colSpan={columns} style={{ height: paddingTop }} />
            </tr>
          )}
          {virtualRows.map((row) => {
            const item = items[row.index];
            if (!item) {
              return (
                <tr key="loading" className="items-loading" style={{ height: ROW_HEIGHT }}>
                  <td colSpan={columns} className="muted">
                    Loading more items…
                  </td>
                </tr>
              );
            }
            return (
              <tr
                key={item.id}
                data-testid="item-row"
                data-item-id={item.itemId}
                data-index={row.index}
                aria-rowindex={row.index + 2}
                aria-selected={item.itemId === openItemId}
                className={item.itemId === openItemId ? 'selected' : undefined}
                tabIndex={row.index === active ? 0 : -1}
                style={{ height: ROW_HEIGHT }}
                onClick={() => {
                  setActive(row.index);
                  onOpen(item.itemId);
                }}
                onFocus={() => setActive(row.index)}
                onKeyDown={onKeyDown}
              >
                <td className="mono items-id" title={visibleText(item.itemId)}>
                  <ShownText text={item.itemId} />
                </td>
                <td>
                  <StatusBadge status={item.status} />
                </td>
                {metrics.map((metric) => (
                  <td key={metric} className="num">
                    <ScoreValue score={item.scores[metric]} />
                  </td>
                ))}
                <td className="num">{formatDuration(item.responseTime)}</td>
                <td className="num">{formatCount(item.tokensUsed)}</td>
                <td className={item.actualOutput === null && item.errorMessage ? 'items-output bad' : 'items-output'}>{preview(item)}</td>
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" className="items-spacer">
              <td colSpan={columns} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Placeholder of the table's size while the first page loads. */
export function ItemsTableSkeleton() {
  return <div className="skeleton items-skeleton" aria-hidden="true" />;
}
