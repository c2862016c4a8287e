/**
 * The movement keys of a virtualised table, whose rows are not all in the page (so focus cannot simply go to a
 * sibling row): ↑/↓ one row, PageUp/PageDown a screenful, Home/End the first/last row. Returns the row index the key
 * moves to, or null for any other key. `pageRows` is how many rows a screenful holds.
 */
export function virtualRowTarget(key: string, index: number, count: number, pageRows: number): number | null {
  const page = Math.max(1, pageRows);
  const target =
    key === 'ArrowDown' ? index + 1
    : key === 'ArrowUp' ? index - 1
    : key === 'PageDown' ? index + page
    : key === 'PageUp' ? index - page
    : key === 'Home' ? 0
    : key === 'End' ? count - 1
    : null;
  return target === null ? null : Math.max(0, Math.min(count - 1, target));
}

/** Rows of `rowHeight` that fit a scroller (one less, so the row moved to stays in view), for PageUp/PageDown. */
export function rowsPerScreen(scroller: HTMLElement | null, rowHeight: number, fallbackHeight = 400): number {
  return Math.max(1, Math.floor((scroller?.clientHeight ?? fallbackHeight) / rowHeight) - 1);
}
