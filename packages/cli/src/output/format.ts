/** 0.8234 → "82.3%"; null → "–". */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** A run's success rate, or – while it has no items (a rate of 0 of 0 items says nothing). */
export function successPercent(run: { successRate: number | null | undefined; totalItems: number }): string {
  return run.totalItems === 0 ? '–' : percent(run.successRate);
}

/** Seconds as "850 ms", "12.4 s", "3m 05s", "1h 02m". */
export function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 60) return `${value.toFixed(1)} s`;
  if (value < 3600) return `${Math.floor(value / 60)}m ${String(Math.round(value % 60)).padStart(2, '0')}s`;
  return `${Math.floor(value / 3600)}h ${String(Math.floor((value % 3600) / 60)).padStart(2, '0')}m`;
}

/** A date as "2026-11-27 15:04" in UTC. */
export function when(date: Date | string | null | undefined): string {
  if (!date) return '–';
  return new Date(date).toISOString().slice(0, 16).replace('T', ' ');
}

/** A number with a sign: +0.125, −0.3; +∞ / −∞ beyond the largest double; "–" for none (or NaN, never printed). */
export function signed(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}

/** First 8 characters of a run id, like git's short hashes. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
