const BARS = '▁▂▃▄▅▆▇█';

/**
 * Values between 0 and 1 (success rates) as a sparkline, oldest first. The scale is absolute (▁ = 0, █ = 1), so two
 * projects' lines compare at a glance and a steady 95% does not look like a swing.
 */
export function sparkline(values: readonly number[]): string {
  return values
    .map((v) => BARS[Math.min(BARS.length - 1, Math.max(0, Math.round(Math.min(1, Math.max(0, v)) * (BARS.length - 1))))])
    .join('');
}

/** Counts (a histogram) as bars relative to the largest count; empty bins are blank, any non-empty bin shows. */
export function countBars(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  if (max === 0) return '';
  return counts.map((n) => (n === 0 ? ' ' : BARS[Math.max(0, Math.ceil((n / max) * BARS.length) - 1)])).join('');
}
