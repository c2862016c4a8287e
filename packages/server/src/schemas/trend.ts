import { daysInMonth, isStorableDate } from '@llm-eval/storage';
import { z } from 'zod';
import { isValidTimeZone, type TrendPoint } from '@llm-eval/search';
import { projectIdParam } from './run-list';
import { NOT_ISO_TIME, parseIsoTime } from './iso-time';

const AGE_UNITS: Record<string, number | 'month' | 'year'> = {
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  mo: 'month',
  y: 'year',
};
const SINCE_HELP = 'must be an ISO 8601 date or time (2026-11-01) or an age: 30min, 24h, 30d, 12w, 6mo, 1y';

/**
 * `months` calendar months before `now` (UTC), the day clamped to the month's end: March 31 minus one month is
 * February 28 (29), not March 3, where a bare setUTCMonth carries "February 31" into March.
 */
function monthsBefore(now: Date, months: number): Date {
  const date = new Date(now);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  date.setUTCDate(Math.min(day, daysInMonth(date.getUTCFullYear(), date.getUTCMonth() + 1)));
  return date;
}

/**
 * The start of a trend: an ISO date or time, or an age counted back from `now` (minutes to weeks as elapsed time,
 * months and years on the calendar, as `llm-eval runs trend --since`). A message when it is not one, or in the future.
 */
export function sinceDate(text: string, now: Date): Date | string {
  const value = text.trim();
  const age = /^(\d{1,6})(min|h|d|w|mo|y)$/.exec(value);
  let date: Date;
  if (age) {
    const amount = Number(age[1]);
    const unit = AGE_UNITS[age[2]!]!;
    if (amount <= 0) return `${SINCE_HELP} (an age must be greater than 0)`;
    if (typeof unit === 'number') {
      date = new Date(now.getTime() - amount * unit);
    } else {
      date = monthsBefore(now, unit === 'year' ? amount * 12 : amount);
    }
  } else {
    // A date or time that does not exist (2026-02-30) is told why, not read as another day.
    const parsed = parseIsoTime(value);
    if (typeof parsed === 'string') return parsed === NOT_ISO_TIME ? SINCE_HELP : parsed;
    date = parsed;
  }
  if (Number.isNaN(date.getTime())) return SINCE_HELP;
  // storage's rule, as `llm-eval runs trend --since` says it: before year 1 PostgreSQL failed ("timestamp out of range",
  // a 500) and SQLite compared a mangled date (an empty trend). A date after 9999 is in the future, said below.
  if (!isStorableDate(date) && date.getTime() < now.getTime()) {
    return `reaches further back than year 1 (${date.toISOString()}); give a later date or a shorter age: 30min, 24h, 30d, 12w, 6mo, 1y`;
  }
  if (date.getTime() > now.getTime()) return `is in the future (${date.toISOString()}), so no run could match; give a past date or an age`;
  return date;
}

/** Query parameters of GET /trends: the options of `llm-eval runs trend`. */
export const trendQuery = z.object({
  metric: z
    .string()
    .min(1)
    .max(255)
    // Any name a run's statistics can be stored under (a NUL, a tab): the trend reads it in the stored form.
    .describe('metric name, or success_rate'),
  project: projectIdParam.optional().describe('project id'),
  dataset: z.string().min(1).max(255).optional().describe('dataset name'),
  model: z.string().min(1).max(255).optional().describe('model name'),
  since: z
    .string()
    .max(64)
    .optional()
    .transform((text, ctx) => {
      const date = sinceDate(text ?? '30d', new Date());
      if (typeof date === 'string') {
        ctx.addIssue({ code: 'custom', message: date });
        return z.NEVER;
      }
      return date;
    })
    .describe('from this ISO 8601 date or time, or an age counted back from now: 30min, 24h, 30d, 12w, 6mo, 1y (default 30d)'),
  bucket: z.enum(['day', 'week']).optional().describe('bucket size (days or weeks of timeZone; weeks start on Monday); default day'),
  timeZone: z
    .string()
    .max(64)
    .optional()
    .refine((zone) => zone === undefined || isValidTimeZone(zone), { error: (issue) => `unknown time zone "${String(issue.input)}": give an IANA zone such as Europe/Berlin or UTC` })
    .describe('IANA time zone whose days (and weeks) the buckets are, e.g. Europe/Berlin: a run created at 23:30 UTC is the next day there; default UTC'),
});


export type TrendQuery = z.infer<typeof trendQuery>;

/** One bucket of a trend. */
export const trendPointSchema = z
  .object({
    bucket: z.string().describe('start date of the bucket (its day in the trend\'s timeZone), YYYY-MM-DD'),
    mean: z.number().describe('mean of the runs\' metric means'),
    min: z.number(),
    max: z.number(),
    runs: z.number().int(),
  })
  .meta({ id: 'TrendPoint' });

/** GET /trends, with the field names of `llm-eval runs trend --json`. */
export const trendSchema = z
  .object({
    metric: z.string(),
    bucket: z.enum(['day', 'week']),
    timeZone: z.string().describe('the IANA zone whose days the buckets are (UTC unless timeZone was given)'),
    since: z.string().describe('the ISO time the trend starts at'),
    points: z.array(trendPointSchema).describe('oldest first; buckets without completed runs are left out'),
    warnings: z
      .array(z.string())
      .describe('when there are no points because no run you can read has the metric: a note naming the closest stored metric name (a typo)'),
  })
  .meta({ id: 'Trend' });

/** A trend point as the API sends it. */
export function trendPointJson(p: TrendPoint): z.infer<typeof trendPointSchema> {
  return { bucket: p.bucket.toISOString().slice(0, 10), mean: p.mean, min: p.min, max: p.max, runs: p.runs };
}
