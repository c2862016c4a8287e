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
  const tableOptions: ConstructorParameters<typeof Table>[0] = {
    head,
    colWidths: widths,
    wordWrap: false,
    truncate: '…',
    style: { head: options.color ? ['bold'] : [], border: options.color ? ['grey'] : [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  };
  // Every escape sequence in the table is ours now (the cells' and the head's and borders' colours): print keeps them.
  return ownColours(drawInPieces(tableOptions, cells));
}

/**
 * Rows per cli-table3 table: it lays a table out in time growing as its rows² (each cell is checked against every
 * cell above it for spans), so the 3,000-row metric table of `runs show` took seconds. Drawn in pieces it grows linearly.
 */
const PIECE_ROWS = 100;

/**
 * The table cli-table3 draws of `cells`, drawn a piece of PIECE_ROWS rows at a time and joined: the first piece's top
 * border and head, every piece's rows, the last piece's bottom border. The same text as one table's, since every
 * column has its width given and every cell is one line (no line feed, no wrapping), so each row is one line.
 */
function drawInPieces(options: ConstructorParameters<typeof Table>[0], cells: string[][]): string {
  const draw = (rows: string[][]) => {
    const table = new Table(options);
    for (const row of rows) table.push(row);
    return table.toString();
  };
  if (cells.length <= PIECE_ROWS) return draw(cells);
  const lines: string[] = [];
  let headLines = -1;
  for (let start = 0; start < cells.length; start += PIECE_ROWS) {
    const piece = cells.slice(start, start + PIECE_ROWS);
    const drawn = draw(piece).split('\n');
    // Above the rows: the top border and the head; below them: the bottom border.
    const above = drawn.length - piece.length - 1;
    if (headLines === -1) headLines = above;
    // A row drawn on more than one line: the pieces cannot be told apart, so draw the table whole.
    if (above !== headLines || above < 0) return draw(cells);
    const last = start + PIECE_ROWS >= cells.length;
    lines.push(...drawn.slice(start === 0 ? 0 : above, last ? drawn.length : drawn.length - 1));
  }
  return lines.join('\n');
}
