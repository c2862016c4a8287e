import type { SqlDialect } from '@llm-eval/storage';
import { toLocal } from '../query/time-zone';

/**
 * Trend buckets in a time zone other than UTC. SQLite knows no zones, so both databases group runs by the UTC quarter
 * hour they were created in ("2026-07-01 22:2" is 22:30–22:45) and each quarter goes to the day or week its start
 * falls on in the zone: UTC offsets and their changes fall on quarter hours (Nepal's +05:45 included), so a quarter
 * never straddles two days.
 */

/** SQL of the UTC quarter hour of a run's creation, as "YYYY-MM-DD HH:q" (q = 0–3). @internal */
export function quarterHourSql(dialect: SqlDialect): string {
  if (dialect.kind === 'postgres') {
    const utc = `("r"."created_at" AT TIME ZONE 'UTC')`;
    return `(to_char(${utc}, 'YYYY-MM-DD HH24:') || CAST(CAST(EXTRACT(MINUTE FROM ${utc}) AS integer) / 15 AS text))`;
  }
  return `(strftime('%Y-%m-%d %H:', "r"."created_at") || (CAST(strftime('%M', "r"."created_at") AS INTEGER) / 15))`;
}

/** Sums of one quarter hour (or of one bucket, once merged). */
export interface BucketSums {
  sum: number;
  count: number;
  min: number;
  max: number;
}

const DAY_MS = 86_400_000;

/** The bucket of a quarter hour: its day (or the Monday of its week) in `timeZone`, as that date's UTC midnight. */
function bucketOf(quarter: string, timeZone: string, bucket: 'day' | 'week'): number {
  const [date, time] = quarter.split(' ');
  const [hour, q] = time!.split(':');
  const start = new Date(`${date}T${hour}:${String(Number(q) * 15).padStart(2, '0')}:00Z`);
  const local = toLocal(start, timeZone);
  const day = new Date(0);
  day.setUTCFullYear(local.year, local.month - 1, local.day);
  if (bucket === 'day') return day.getTime();
  // getUTCDay: 0 is Sunday; weeks start on Monday.
  return day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS;
}

/** Quarter-hour sums merged into the zone's days or weeks, oldest first. @internal */
export function mergeIntoBuckets(
  quarters: ReadonlyArray<{ quarter: string } & BucketSums>,
  timeZone: string,
  bucket: 'day' | 'week',
): Array<{ bucket: Date } & BucketSums> {
  const merged = new Map<number, BucketSums>();
  for (const q of quarters) {
    const key = bucketOf(q.quarter, timeZone, bucket);
    const into = merged.get(key);
    if (!into) merged.set(key, { sum: q.sum, count: q.count, min: q.min, max: q.max });
    else {
      into.sum += q.sum;
      into.count += q.count;
      into.min = Math.min(into.min, q.min);
      into.max = Math.max(into.max, q.max);
    }
  }
  return [...merged.entries()].sort(([a], [b]) => a - b).map(([key, sums]) => ({ bucket: new Date(key), ...sums }));
}
