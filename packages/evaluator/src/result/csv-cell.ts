import { stringify } from 'csv-stringify/sync';

/** What a spreadsheet reads as the start of a formula (OWASP "CSV Injection"): = + - @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number such as -0.5 or +1e3: a spreadsheet reads it as that number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * One CSV cell: null/undefined empty, numbers and booleans as they print, objects as JSON, and text that a
 * spreadsheet would run as a formula prefixed with a single quote, as OWASP recommends (`=1+2` → `'=1+2`). Text
 * that is a plain number (`-0.5`) is left alone: it cannot form a formula and stays a number in the sheet.
 * @internal
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Rows as CSV text (RFC 4180 quoting, `\n` line ends), every cell through {@link csvCell}. @internal */
export function toCsvText(rows: ReadonlyArray<readonly unknown[]>): string {
  return stringify(rows.map((row) => row.map(csvCell)));
}
