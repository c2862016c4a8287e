import type { KeyboardEvent } from 'react';

/**
 * Keyboard handling of a focusable table row: ↑/↓ move focus to the previous/next row, Home/End to the first/last,
 * Enter opens it. Rows are found through the DOM (siblings), so any table of tabIndex'd rows can use it.
 */
export function rowKeyDown(event: KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  const row = event.currentTarget;
  // Keys typed in a control inside the row (a link has focus of its own) are the control's.
  if (event.target !== row) return;
  let next: Element | null = null;
  switch (event.key) {
    case 'Enter':
      event.preventDefault();
      open();
      return;
    case 'ArrowDown':
      next = row.nextElementSibling;
      break;
    case 'ArrowUp':
      next = row.previousElementSibling;
      break;
    case 'Home':
      next = row.parentElement?.firstElementChild ?? null;
      break;
    case 'End':
      next = row.parentElement?.lastElementChild ?? null;
      break;
    default:
      return;
  }
  event.preventDefault();
  if (next instanceof HTMLElement) next.focus();
}
