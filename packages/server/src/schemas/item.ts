import { z } from 'zod';
import { ITEM_STATUSES } from '@llm-eval/models';
import type { ItemRecord } from '@llm-eval/storage';
import { cursorParam, limitParam } from './common';
import { isoOrNull } from './json-dates';
import { metricRecord } from './metric-record';
import { decimalParam } from './decimal-number';

/** One metric's score of an item: a number, pass/fail, or the metric's error. */
const scoreValue = z.union([z.number(), z.boolean(), z.object({ error: z.string() })]);

/** A stored item, with the field names of `llm-eval runs items --json`. */
export const itemSchema = z
  .object({
    id: z.number().int().describe('row id (stable; breaks ties in paging)'),
    runId: z.string(),
    itemId: z.string().describe('the dataset item id'),
    sequenceNumber: z.number().int(),
    input: z.unknown(),
    expectedOutput: z.string().nullable(),
    actualOutput: z.string().nullable(),
    status: z.enum(ITEM_STATUSES),
    errorMessage: z.string().nullable(),
    errorType: z.string().nullable(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    responseTime: z.number().nullable().describe('seconds'),
    tokensUsed: z.number().nullable(),
    cost: z.number().nullable(),
    scores: metricRecord(scoreValue),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    traceId: z.string().nullable(),
  })
  .meta({ id: 'Item' });

export type ItemJson = z.infer<typeof itemSchema>;

/** A stored item as the API sends it. */
export function itemJson(item: ItemRecord): ItemJson {
  return { ...item, startedAt: isoOrNull(item.startedAt), completedAt: isoOrNull(item.completedAt) } as ItemJson;
}

/** Sort fields of the structured item filters (storage's listItems). */
export const ITEM_LIST_SORT_FIELDS = ['sequenceNumber', 'responseTime'] as const;

const ITEM_SORT_HELP = 'sequenceNumber[:asc|desc] (default, ascending) or responseTime[:asc|desc] (default descending)';

/** `sort=field[:direction]` of the structured item filters. */
const itemSortParam = z
  .string()
  .max(64)
  .transform((text, ctx) => {
    const match = /^(sequenceNumber|responseTime)(?::(asc|desc))?$/.exec(text.trim());
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `must be ${ITEM_SORT_HELP}` });
      return z.NEVER;
    }
    return { field: match[1] as (typeof ITEM_LIST_SORT_FIELDS)[number], direction: match[2] as 'asc' | 'desc' | undefined };
  })
  .optional()
  .describe(ITEM_SORT_HELP);

/** A score bound of GET /runs/:run/items, e.g. 0.5 or -1e-3. */
const scoreParam = decimalParam('expected a decimal number, e.g. 0.5 or -1e-3');

/** Query parameters of GET /runs/:run/items: an item query, or the structured filters of storage's listItems. */
export const listItemsQuery = z.object({
  q: z
    .string()
    .optional()
    .describe('item query, as `llm-eval runs items <run> <query>`: "failed items", "exact_match below 0.5", "slowest 20"'),
  status: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(z.enum(ITEM_STATUSES)).max(ITEM_STATUSES.length).optional())
    .describe(`item status (repeat or comma-separate): ${ITEM_STATUSES.join(', ')}`),
  metric: z
    .string()
    .min(1)
    .max(255)
    // Any name a score can be stored under (a NUL, a tab, a quote): storage reads it in the stored form.
    .optional()
    .describe('the metric minScore/maxScore apply to'),
  minScore: scoreParam.optional().describe('score of metric at least this'),
  maxScore: scoreParam.optional().describe('score of metric at most this'),
  text: z.string().max(500).optional().describe('case-insensitive substring of the item id, output, expected output or error'),
  itemId: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().max(10_000)).min(1).max(1000).optional())
    .describe('only these dataset item ids, exact (repeat the parameter, at most 1,000), e.g. the same items of two runs'),
  sort: itemSortParam,
  limit: limitParam,
  cursor: cursorParam,
});

export type ListItemsQuery = z.infer<typeof listItemsQuery>;

/** A page of a run's items with how the query was understood (the shape of `llm-eval runs items --json`). */
export const itemPageSchema = z
  .object({
    items: z.array(itemSchema),
    total: z.number().int().describe('how many items the search returns over all its pages: every match, at most a query\'s own limit ("slowest 20")'),
    nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
    explanation: z.string().describe('how q or the filters were understood (a token secret in them cut to its prefix)'),
    warnings: z.array(z.string()).describe('words of q that were not used, and why'),
  })
  .meta({ id: 'ItemPage' });
