import { z } from 'zod';
import { RUN_STATES } from '@llm-eval/storage';
import type { RunSort } from '@llm-eval/search';
import { cursorParam, limitParam, listParam } from './common';
import { runSchema } from './run';
import { decimalParam } from './decimal-number';
import { isoTimeString } from './iso-time';

// Query parameters of GET /runs: every filter of `llm-eval runs list` (storage's RunFilters, under the same names)
// plus `q`, the natural-language query of `llm-eval runs search`. Filters and q combine with AND.

/** Project ids are slugs (storage's rule), so anything else is a mistake worth naming rather than an empty page. */
export const projectIdParam = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a project id: a slug of letters, digits, ".", "_" or "-" (max 128)');

/** A name filter (dataset, model, created by, tag): at most 255 characters like the stored values. */
const nameParam = z.string().min(1).max(255);

/** A list of names, each at most 255 characters (storage's limit on tags and names). */
const nameListParam = listParam.refine((v) => v === undefined || (v.length <= 100 && v.every((s) => s.length <= 255)), {
  message: 'at most 100 values of at most 255 characters each',
});

/** A rate from 0 to 1. */
const rateParam = decimalParam('expected a decimal number from 0 to 1, e.g. 0.5', { min: 0, max: 1 }).optional();
/** A number of seconds. */
const secondsParam = decimalParam('expected a decimal number of seconds, 0 or more, e.g. 1.5', { min: 0 }).optional();

/** An ISO 8601 date or time in a query string (a time without an offset is UTC). */
const timeParam = isoTimeString.optional();

/**
 * Fields a run list can be sorted by (`metric:<name>` sorts by a metric's mean): every order the query language names
 * too ("most tokens", "cheapest"), so a page served in one can be asked for again by its `sort`.
 */
export const RUN_LIST_SORT_FIELDS = [
  'createdAt',
  'name',
  'successRate',
  'durationSeconds',
  'avgResponseTime',
  'totalTokens',
  'totalCost',
] as const;

const SORT_HELP = `field[:asc|desc] (desc when left out): ${RUN_LIST_SORT_FIELDS.join(', ')} or metric:<name> (e.g. createdAt:desc, metric:accuracy:desc); default createdAt:desc`;

/** `sort=field[:direction]` or `sort=metric:<name>[:direction]` → the search engine's RunSort. */
export const runSortParam = z
  .string()
  .max(300)
  .transform((text, ctx): RunSort | typeof z.NEVER => {
    let rest = text.trim();
    let direction: 'asc' | 'desc' = 'desc';
    const dir = /:(asc|desc)$/i.exec(rest);
    if (dir) {
      direction = dir[1]!.toLowerCase() as 'asc' | 'desc';
      rest = rest.slice(0, dir.index);
    }
    if (rest.startsWith('metric:')) {
      const metric = rest.slice('metric:'.length);
      // Any name a run's statistics can be stored under (a NUL, a tab): the sort reads it in the stored form.
      if (metric.length >= 1 && metric.length <= 255) return { field: 'metric', metric, direction };
    } else if ((RUN_LIST_SORT_FIELDS as readonly string[]).includes(rest)) {
      return { field: rest as (typeof RUN_LIST_SORT_FIELDS)[number], direction };
    }
    ctx.addIssue({ code: 'custom', message: `must be ${SORT_HELP}` });
    return z.NEVER;
  })
  .optional()
  .describe(SORT_HELP);

/** An IANA time zone name, checked against the zones this Node knows. */
export const timeZoneParam = z
  .string()
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as UTC, Europe/Berlin or America/New_York' },
  )
  .optional()
  .describe('IANA time zone of relative dates in q ("today", "last week"); default UTC');

/** Query parameters of GET /runs. */
export const listRunsQuery = z.object({
  q: z
    .string()
    .optional()
    .describe('natural-language query, as `llm-eval runs search`: "failed runs last week", "accuracy above 0.8 top 5"'),
  project: projectIdParam.optional().describe('project id'),
  dataset: nameParam.optional().describe('dataset name'),
  model: nameParam.optional().describe('model name'),
  status: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(z.enum(RUN_STATES)).max(RUN_STATES.length).optional())
    .describe(`run status (repeat or comma-separate for any of several): ${RUN_STATES.join(', ')}`),
  tag: nameListParam.describe('runs carrying every one of these tags (repeat or comma-separate)'),
  anyTag: nameListParam.describe('runs carrying at least one of these tags'),
  createdBy: nameParam.optional().describe('who created the run'),
  createdAfter: timeParam.describe('created at or after this ISO 8601 date or time (without an offset: UTC)'),
  createdBefore: timeParam.describe('created before this ISO 8601 date or time (without an offset: UTC)'),
  minSuccessRate: rateParam.describe('success rate at least this (0–1)'),
  maxSuccessRate: rateParam.describe('success rate at most this (0–1)'),
  minDurationSeconds: secondsParam.describe('duration at least this many seconds'),
  maxDurationSeconds: secondsParam.describe('duration at most this many seconds'),
  text: z.string().max(500).optional().describe('case-insensitive substring of the name, description or dataset name'),
  sort: runSortParam,
  limit: limitParam,
  cursor: cursorParam,
  tz: timeZoneParam,
});

export type ListRunsQuery = z.infer<typeof listRunsQuery>;

/** The sort a page was served in. */
export const runSortSchema = z
  .object({
    field: z.enum([...RUN_LIST_SORT_FIELDS, 'metric']),
    metric: z.string().optional().describe('the metric, when field is metric'),
    direction: z.enum(['asc', 'desc']),
  })
  .meta({ id: 'RunSort' });

/** A page of runs with how the query was understood (the shape of `llm-eval runs search --json`). */
export const runPageSchema = z
  .object({
    runs: z.array(runSchema),
    total: z.number().int().describe('how many runs the search returns over all its pages: every match, at most a query\'s own limit ("latest 3")'),
    nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
    filter: z.unknown().describe('the parsed filter tree of q, or null'),
    sort: runSortSchema,
    explanation: z.string().describe('how the filters and q were understood (a token secret in them cut to its prefix)'),
    warnings: z.array(z.string()).describe('words of q that were not used, and why'),
  })
  .meta({ id: 'RunPage' });

/** Body of PATCH /runs/:run. */
export const patchRunBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(255).optional().describe('new run name (1–255 characters)'),
    description: z.string().max(100_000).nullable().optional().describe('new description, or null to clear it'),
    tags: z
      .array(z.string().trim().min(1, 'must not be empty').max(255))
      .max(100)
      .optional()
      .describe('the run\'s tags, replacing the current ones (at most 100)'),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.description !== undefined || b.tags !== undefined, {
    message: 'give at least one of name, description, tags',
  })
  .meta({ id: 'RunPatch' });

/** Query of DELETE /runs/:run. */
export const deleteRunQuery = z.object({
  force: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1')
    .describe('delete even while the run\'s writer is alive (it will fail to store further items)'),
});

/** Body of POST /runs/:run/cancel (optional): why the run was cancelled. */
export const cancelRunBody = z
  .object({
    reason: z.string().trim().min(1, 'must not be empty').max(2000).optional().describe('stored as the run\'s status reason'),
  })
  .strict()
  // A POST without a body reaches validation as null.
  .nullish()
  .meta({ id: 'RunCancel' });
