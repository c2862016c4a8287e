import Table from 'cli-table3';
import { terminalText } from './terminal-text';

/** A table that fits the terminal: long columns are truncated, never wrapped past the width. */
export function renderTable(head: string[], rows: Array<Array<string | number>>, options: { color?: boolean } = {}): string {
  // Fit a terminal; piped output is not truncated.
  const width = process.stdout.isTTY ? Math.max(60, process.stdout.columns ?? 120) : 400;
  // Control characters shown before measuring, so a cell holding them keeps its width (see terminalText).
  const cells = rows.map((r) => r.map((cell) => terminalText(String(cell))));
  const texts = [head, ...cells];
  const natural = head.map((_, c) => Math.max(...texts.map((r) => [...(r[c] ?? '')].length)) + 2);
  const total = natural.reduce((a, b) => a + b, 0) + head.length + 1;
  let widths = natural;
  if (total > width) {
    // Shrink the widest columns first until the table fits.
    widths = [...natural];
    let excess = total - width;
    while (excess > 0) {
      const widest = widths.indexOf(Math.max(...widths));
      if (widths[widest]! <= 8) break;
      widths[widest]!--;
      excess--;
    }
  }
  const table = new Table({
    head,
    colWidths: widths,
    wordWrap: false,
    truncate: '…',
    style: { head: options.color ? ['bold'] : [], border: options.color ? ['grey'] : [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of cells) table.push(row);
  return table.toString();
}
