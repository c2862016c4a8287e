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

const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(zone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallClocks.set(zone, format);
  }
  return format;
}

/**
 * A date as "2026-11-27 15:04" on the clocks of `zone` (an IANA zone, UTC unless given): a command prints times in
 * the zone it reads dates in (see useTimeZone) and names it beside them (a header, or the value).
 */
export function when(date: Date | string | null | undefined, zone = 'UTC'): string {
  if (!date) return '–';
  const d = new Date(date);
  if (zone === 'UTC') return d.toISOString().slice(0, 16).replace('T', ' ');
  const part = Object.fromEntries(wallClock(zone).formatToParts(d).map((p) => [p.type, p.value]));
  return `${part.year!.padStart(4, '0')}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** A date as "2026-11-27 15:04:05" on the clocks of `zone`: when() to the second (an audit log's entries share minutes). */
export function whenToSecond(date: Date | string | null | undefined, zone = 'UTC'): string {
  if (!date) return '–';
  const d = new Date(date);
  if (zone === 'UTC') return d.toISOString().slice(0, 19).replace('T', ' ');
  const part = Object.fromEntries(wallClock(zone).formatToParts(d).map((p) => [p.type, p.value]));
  return `${when(d, zone)}:${part.second}`;
}

/** A date as "2026-11-27" in `zone`: the day it is there. */
export function day(date: Date | string, zone = 'UTC'): string {
  return when(date, zone).slice(0, 10);
}

/** A number with a sign: +0.125, −0.3; +∞ / −∞ beyond the largest double; "–" for none (or NaN, never printed). */
export function signed(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}

/**
 * A change with a sign, as signed with 3 decimals, but with 3 significant digits when it is not 0 and below 0.001 in
 * size: a small-scale metric's −0.0004 printed as −0.000 beside "regressed" (−4e-7 → "−4e-7", 0.00012345 → "+0.000123").
 */
export function signedChange(value: number | null | undefined): string {
  if (value === null || value === undefined || value === 0 || !(Math.abs(value) < 0.001)) return signed(value);
  return `${value > 0 ? '+' : '−'}${String(Number(Math.abs(value).toPrecision(3)))}`;
}

/**
 * A value with at most 3 decimals and no trailing zeros (0.8300 → "0.83"), but, as signedChange, with 3 significant
 * digits when it is not 0 and below 0.001 in size: a small-scale metric's means 0.00012 and 0.00031 printed as 0 and 0
 * (1.5e-7 → "1.5e-7", −0.00012345 → "-0.000123").
 */
export function compactValue(value: number): string {
  if (value === 0 || !(Math.abs(value) < 0.001)) return String(Number(value.toFixed(3)));
  return String(Number(value.toPrecision(3)));
}

/** First 8 characters of a run id, like git's short hashes. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
