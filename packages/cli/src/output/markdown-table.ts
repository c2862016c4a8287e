/** Text safe inside a Markdown table cell: Markdown's special characters escaped, line breaks flattened. */
export function markdownCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

/**
 * A GitHub-flavoured Markdown table; `align` gives 'r' for right-aligned (numeric) columns. Cells are escaped here,
 * so callers pass plain text, except in the `raw` columns, which hold Markdown the caller wrote (emphasis, numbers).
 */
export function markdownTable(head: string[], rows: string[][], align: Array<'l' | 'r'> = [], raw: Set<number> = new Set()): string {
  const line = (cells: string[], escape: boolean) =>
    `| ${cells.map((c, i) => (escape && !raw.has(i) ? markdownCell(c) : c) || ' ').join(' | ')} |`;
  const rule = `| ${head.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join(' | ')} |`;
  return [line(head.map(markdownCell), false), rule, ...rows.map((r) => line(r, true))].join('\n');
}
