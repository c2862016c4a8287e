import Table from 'cli-table3';
import { ownColours, terminalFieldLine } from './terminal-text';

/** A table that fits the terminal: long columns are truncated, never wrapped past the width. */
export function renderTable(heading: string[], rows: Array<Array<string | number>>, options: { color?: boolean } = {}): string {
  // Fit a terminal; piped output is not truncated.
  const width = process.stdout.isTTY ? Math.max(60, process.stdout.columns ?? 120) : 400;
  // Control characters shown before measuring, so a cell holding them keeps its width; a cell's own colours (a status
  // coloured by colors()) become escape sequences again, which cli-table3 measures as taking no width. Line feeds are
  // shown too: cli-table3 would draw the text after one as a row of its own.
  const cells = rows.map((r) => r.map((cell) => terminalFieldLine(String(cell))));
  // A head can name stored things too (a metric of a compared run).
  const head = heading.map(terminalFieldLine);
  const texts = [head, ...cells];
  // Our colour codes take no room on the screen.
  const natural = head.map((_, c) => Math.max(...texts.map((r) => [...(r[c] ?? '').replace(/\x1b\[[0-9;]*m/g, '')].length)) + 2);
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
  // Every escape sequence in the table is ours now (the cells' and the head's and borders' colours): print keeps them.
  return ownColours(table.toString());
}
