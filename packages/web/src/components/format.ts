/** Formatting of numbers, times and durations, the same on every page. */

const numberFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : numberFormat.format(n);
}

/** A fraction 0–1 as a percentage with one decimal. */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction) ? '—' : `${(fraction * 100).toFixed(digits)}%`;
}

/** A run's success rate, or null while it has no items (0 of 0 is no rate: "0.0%" would say every item failed). */
export function runSuccessRate(run: { successRate: number; totalItems: number }): number | null {
  return run.totalItems === 0 ? null : run.successRate;
}

/**
 * A score or mean: up to 4 decimals, no trailing zeros; below 0.001 (a metric on a small scale), 3 significant digits,
 * as the CLI prints them: 4 decimals would show 0 beside a verdict.
 */
export function formatScore(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 1000) return numberFormat.format(Math.round(n));
  if (n !== 0 && Math.abs(n) < 0.001) return String(Number(n.toPrecision(3)));
  return String(Number(n.toFixed(4)));
}

/** A signed change: +0.12 / −0.05. */
export function formatDelta(n: number | null | undefined, asPercent = false): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const text = asPercent ? formatPercent(Math.abs(n)) : formatScore(Math.abs(n));
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : asPercent ? '0.0%' : '0';
}

/** Seconds as 850 ms / 12.3 s / 4m 05s / 2h 03m. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** An ISO time as local date and time (2026-12-02 14:05). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Money in US dollars, with more decimals for small amounts. */
export function formatCost(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n === 0 ? '$0' : n < 0.01 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`;
}

/** Text shown whole when it is JSON (pretty-printed), as is otherwise. */
export function prettyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return JSON.stringify(value, null, 2);
  const trimmed = value.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return JSON.stringify(JSON.parse(trimmed), null, 2);
    } catch {
      return value;
    }
  }
  return value;
}
