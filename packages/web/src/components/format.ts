/** Formatting of numbers, times and durations, the same on every page. */

const numberFormat = new Intl.NumberFormat('en-US');

/**
 * From this size up a number is printed in exponent form: digit for digit, 1e308 was a 309-digit string that pushed a
 * run page to 6,500 px at phone width, and past ~9e15 doubles no longer hold every integer anyway.
 */
export const EXPONENT_FROM = 1e15;

/** A number in exponent form with 3 significant digits and no trailing zeros, as JavaScript prints tiny ones: 1e+308, 1.23e+20, 2.5e-9. */
export function exponentForm(n: number): string {
  const [mantissa, exponent] = n.toExponential(2).split('e');
  return `${String(Number(mantissa))}e${exponent}`;
}

/** What a number that is not finite shows: ∞ or −∞, and a dash for NaN (never "NaN"). */
function notFinite(n: number): string {
  return Number.isNaN(n) ? '—' : n > 0 ? '∞' : '−∞';
}

/** A count with thousands separators (12,345); exponent form from 1e15 up. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (!Number.isFinite(n)) return notFinite(n);
  return Math.abs(n) >= EXPONENT_FROM ? exponentForm(n) : numberFormat.format(n);
}

/** A fraction 0–1 as a percentage with one decimal (exponent form from 1e15 % up). */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '—';
  const percent = fraction * 100;
  if (!Number.isFinite(percent)) return `${notFinite(percent)}%`;
  return Math.abs(percent) >= EXPONENT_FROM ? `${exponentForm(percent)}%` : `${percent.toFixed(digits)}%`;
}

/**
 * The exact value behind a shown number, for its title (a tooltip), or undefined when the text already is that value:
 * a rounded score or one in exponent form can still be read whole.
 */
export function exactTitle(n: number | null | undefined, shown: string): string | undefined {
  if (n === null || n === undefined || !Number.isFinite(n)) return undefined;
  // Separators and a signed change's + or − (U+2212) read back as the number they show.
  const read = Number(shown.replace(/,/g, '').replace(/^\+/, '').replace(/^−/, '-'));
  return read === n ? undefined : String(n);
}

/** A run's success rate, or null while it has no items (0 of 0 is no rate: "0.0%" would say every item failed). */
export function runSuccessRate(run: { successRate: number; totalItems: number }): number | null {
  return run.totalItems === 0 ? null : run.successRate;
}

/**
 * A score or mean: up to 4 decimals, no trailing zeros; below 0.001 (a metric on a small scale), 3 significant digits,
 * as the CLI prints them: 4 decimals would show 0 beside a verdict. From 1000 up a whole number with separators, and
 * from 1e15 up exponent form (1e+308), as tiny ones already are (1e-300). ±∞ as ∞ / −∞.
 */
export function formatScore(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (!Number.isFinite(n)) return notFinite(n);
  // Judged after rounding: 999999999999999.6 rounds to 1e15, and 999.99996 prints as 1,000.
  if (Math.abs(Math.round(n)) >= EXPONENT_FROM) return exponentForm(n);
  if (Math.abs(Number(n.toFixed(4))) >= 1000) return numberFormat.format(Math.round(n));
  if (n !== 0 && Math.abs(n) < 0.001) return String(Number(n.toPrecision(3)));
  return String(Number(n.toFixed(4)));
}

/** A signed change: +0.12 / −0.05. */
export function formatDelta(n: number | null | undefined, asPercent = false): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
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
  const hours = Math.floor(m / 60);
  // Minutes beside a count of hours in exponent form would be noise.
  if (hours >= EXPONENT_FROM) return `${exponentForm(seconds / 3600)}h`;
  return `${formatCount(hours)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** An ISO time as local date and time (2026-12-02 14:05). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Money in US dollars, with more decimals for small amounts; thousands separators, and exponent form from 1e15 up. */
export function formatCost(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  if (!Number.isFinite(n)) return `${n < 0 ? '−' : ''}$∞`;
  if (n === 0) return '$0';
  const size = Math.abs(n);
  const text =
    size >= EXPONENT_FROM ? exponentForm(size) : size < 0.01 ? size.toPrecision(2) : size.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${n < 0 ? '−' : ''}$${text}`;
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
