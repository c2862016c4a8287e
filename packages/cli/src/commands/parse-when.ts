import { CliError } from '../errors';

/** "2026-11-01", an ISO time, or a relative age like 7d, 24h, 30m, 2w → a Date. */
export function parseWhen(text: string, flag: string, now = Date.now()): Date {
  const age = /^(\d+(?:\.\d+)?)\s*(m|h|d|w)$/i.exec(text.trim());
  if (age) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[age[2]!.toLowerCase() as 'm' | 'h' | 'd' | 'w'];
    return new Date(now - Number(age[1]) * unit);
  }
  const date = new Date(/^\d{4}-\d\d-\d\d$/.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) {
    throw new CliError(`--${flag} "${text}" is not a date (2026-11-01) or an age (7d, 24h, 30m, 2w).`, 2);
  }
  return date;
}
