import { EXPONENT_FROM, exponentForm } from '../format';

/** Tick labels and width of a chart's count axis (items per bar), so every label fits whole. */

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A count as an axis tick: 950, 19.5K, 10M (the exact count is in the tooltip and the table beside the chart). */
export function countTick(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) < 1000) return String(n);
  return Math.abs(n) >= EXPONENT_FROM ? exponentForm(n) : compact.format(n);
}

/** Pixels per character of a 10 px tick label (digits are ~5.6 px wide), and room for the tick's gap. */
const CHAR_WIDTH = 6.5;
const PADDING = 10;

/**
 * The axis width that holds every tick label of counts up to `max`: the label of `max` and one character more, as
 * the top tick rounds up (9,999 → "10K") and a tick between can carry a decimal (1.3K). A fixed 36 px cut "19500"
 * to "9500".
 */
export function countAxisWidth(max: number): number {
  return Math.max(36, Math.ceil((countTick(max).length + 1) * CHAR_WIDTH + PADDING));
}
