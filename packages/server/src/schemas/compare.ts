import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ComparisonLists, ComparisonResult, Delta, ItemChange, MetricComparison } from '@llm-eval/search';
import { ApiError } from '../errors';
import { cursorParam, listParam, runReference } from './common';
import { metricRecord } from './metric-record';
import { wholeNumberParam } from './whole-number';
import { decimalParam } from './decimal-number';
import { cutSecrets } from '../auth/cut-secrets';

/** The per-item lists of a comparison, each paged on its own. */
export const COMPARISON_LISTS = ['improved', 'regressed', 'onlyInA', 'onlyInB'] as const;
export type ComparisonList = (typeof COMPARISON_LISTS)[number];

const metricName = z.string().min(1).max(255);
const metricList = listParam.pipe(z.array(metricName).max(200).optional());

/** Query of GET /compare: the runs, the options of `llm-eval runs compare` (and the library's), and item paging. */
export const compareQuery = z.object({
  a: runReference.describe('baseline run: id, unique id prefix, latest, latest~N or unique name'),
  b: runReference.describe('candidate run (deltas are B − A): id, unique id prefix, latest, latest~N or unique name'),
  metrics: metricList.describe('compare only these metrics (comma-separated or repeated; default every metric either run used)'),
  confidence: decimalParam('expected a decimal number from 0.5 to 0.999999 (the confidence level; default 0.95)', { min: 0.5, max: 0.999999 })
    .optional()
    .describe('confidence level of the intervals, 0.5–0.999999 (default 0.95); verdicts use alpha = 1 − confidence'),
  minEffect: decimalParam('expected a decimal number from 0 to 1e12 (the smallest change that counts; default 0)', { min: 0, max: 1e12 })
    .optional()
    .describe('smallest change of a mean that counts as improved/regressed (default 0)'),
  lowerIsBetter: metricList.describe('metrics where lower is better (default response_time, token_count, latency, cost)'),
  primaryMetric: metricName.optional().describe('metric that ranks items as improved/regressed (default the runs’ main metric)'),
  // prefault, not default: zod documents no default of a value that is transformed (the digits read as a number).
  itemsLimit: wholeNumberParam(0, 1000, 'expected a whole number from 0 to 1000 (items per list and page; default 50)')
    .prefault(50)
    .describe('items per list and page, 0–1000 (default 50)'),
  improvedCursor: cursorParam.describe("items.pages.improved.nextCursor of the previous page"),
  regressedCursor: cursorParam.describe("items.pages.regressed.nextCursor of the previous page"),
  onlyInACursor: cursorParam.describe("items.pages.onlyInA.nextCursor of the previous page"),
  onlyInBCursor: cursorParam.describe("items.pages.onlyInB.nextCursor of the previous page"),
});
export type CompareQuery = z.infer<typeof compareQuery>;

/** A number the JSON can carry: a change too large for a double (±Infinity) or NaN is sent as null, as JSON.stringify does. */
const num = z.number().nullable();

const deltaSchema = z
  .object({ a: num, b: num, absolute: num, relative: num })
  .describe('a value of run A and run B and the change B − A; relative is null when A is 0 or either is missing')
  .meta({ id: 'Delta' });

const metricComparisonSchema = z
  .object({
    metric: z.string(),
    kind: z.enum(['numeric', 'boolean']),
    lowerIsBetter: z.boolean(),
    pairs: z.number().describe('items scored by the metric in both runs'),
    informativePairs: z.number().describe('pairs whose two scores differ'),
    meanA: num,
    meanB: num,
    difference: num.describe('mean of the paired differences B − A'),
    ci: z
      .object({
        low: num,
        high: num,
        confidence: z.number(),
        reason: z
          .enum(['too-few-pairs', 'constant-differences'])
          .optional()
          .describe('why low and high are null: fewer than two pairs, or every pair differs by the same amount (no spread; the verdict weighs Δ itself)'),
      })
      .describe('Student t interval of the mean difference; null ends, with a reason, when there is none'),
    pValue: num.describe("the test's two-sided p-value, uncorrected"),
    pValueAdjusted: num.describe("pValue after Holm's correction across the compared metrics"),
    test: z.enum(['wilcoxon-signed-rank', 'mcnemar-exact', 'none']),
    discordant: z.object({ b: z.number(), c: z.number() }).optional().describe("McNemar's discordant pairs (pass/fail metrics)"),
    notScoredIn: z.enum(['A', 'B', 'both']).optional().describe('the run(s) that do not use this metric at all (then there is no verdict)'),
    testDirection: z
      .union([z.literal(-1), z.literal(0), z.literal(1)])
      .optional()
      .describe("which way the test's statistic points (1: B higher); a verdict needs it to agree with the interval"),
    meanPValue: num
      .optional()
      .describe("numeric metrics: the paired t-test's p-value for the mean difference; a verdict needs it below alpha after Holm's correction too"),
    verdict: z.enum(['improved', 'regressed', 'unchanged', 'not_significant', 'insufficient_data']),
  })
  .meta({ id: 'MetricComparison' });

const itemChangeSchema = z
  .object({
    itemId: z.string(),
    statusA: z.string(),
    statusB: z.string(),
    deltas: metricRecord(num, 'per-metric score change B − A'),
    change: num.describe('the primary metric’s change, signed so that positive is better'),
    statusChanged: z.boolean().describe('the task failed in exactly one of the runs'),
  })
  .meta({ id: 'ItemChange' });

const pageSchema = z
  .object({
    offset: z.number().describe('position of this page’s first entry in the whole list'),
    total: z.number().describe('entries in the whole list'),
    nextCursor: z.string().nullable().describe('pass as <list>Cursor for the next page; null on the last page'),
  })
  .meta({ id: 'ComparisonListPage' });

const runRef = z.object({ id: z.string(), name: z.string() });

/** A comparison as `llm-eval runs compare --json` prints it, with each item list paged. */
export const comparisonSchema = z
  .object({
    runA: runRef,
    runB: runRef,
    summary: z.object({
      successRate: deltaSchema.describe('success rates; a run without items has none (null), and then neither has the change'),
      durationSeconds: deltaSchema.describe(
        'durations in seconds; a running, abandoned or not yet finalised cancelled run has none (null), and then neither has the change',
      ),
      avgResponseTime: deltaSchema,
      totalTokens: deltaSchema,
      totalCost: deltaSchema,
    }),
    metrics: z.array(metricComparisonSchema),
    success: metricComparisonSchema.describe(
      "task success paired by item (McNemar's exact test on failed vs not, in the metrics' Holm family): a task that started failing shows here, since metrics leave out items without scores",
    ),
    significance: z.object({ alpha: z.number(), correction: z.literal('holm'), minimumPairs: z.number() }),
    items: z.object({
      primaryMetric: z.string().nullable(),
      counts: z
        .object({
          improved: z.number(),
          regressed: z.number(),
          unchanged: z.number(),
          withoutScore: z.number().describe('paired items without the primary metric’s score in A or B (task failed or metric errored there), neither changed nor unchanged'),
          onlyInA: z.number(),
          onlyInB: z.number(),
        })
        .describe('improved + regressed + unchanged + withoutScore = the items in both runs'),
      improved: z.array(itemChangeSchema).describe('largest improvement first (status changes first); this page of it'),
      regressed: z.array(itemChangeSchema).describe('largest regression first (status changes first); this page of it'),
      onlyInA: z.array(z.string()).describe('item ids only run A has, sorted; this page of them'),
      onlyInB: z.array(z.string()).describe('item ids only run B has, sorted; this page of them'),
      pages: z.object({ improved: pageSchema, regressed: pageSchema, onlyInA: pageSchema, onlyInB: pageSchema }),
    }),
    options: z.object({
      metrics: z.array(z.string()),
      confidence: z.number(),
      minEffect: z.number(),
      lowerIsBetter: z.array(z.string()),
      primaryMetric: z.string().nullable(),
      itemLimit: z.number().describe('items per list on this page (the itemsLimit asked for)'),
    }),
    fromCache: z.boolean().describe('served from the stored comparison cache'),
    computedAt: z.string().describe('ISO 8601 time the comparison was computed'),
  })
  .meta({ id: 'Comparison' });
export type ComparisonJson = z.infer<typeof comparisonSchema>;

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const deltaJson = (d: Delta) => ({ a: finite(d.a), b: finite(d.b), absolute: finite(d.absolute), relative: finite(d.relative) });
const metricJson = (m: MetricComparison) => ({
  ...m,
  meanA: finite(m.meanA),
  meanB: finite(m.meanB),
  difference: finite(m.difference),
  ci: { ...m.ci, low: finite(m.ci.low), high: finite(m.ci.high) },
  pValue: finite(m.pValue),
  pValueAdjusted: finite(m.pValueAdjusted),
  ...(m.meanPValue !== undefined ? { meanPValue: finite(m.meanPValue) } : {}),
});
const itemJson = (i: ItemChange) => ({
  ...i,
  deltas: Object.fromEntries(Object.entries(i.deltas).map(([k, v]) => [k, finite(v)])),
  change: finite(i.change),
});

/** Where each list's page starts. */
export type ListOffsets = Record<ComparisonList, number>;

/**
 * Identifies one comparison (ordered runs, options, the computation it came from), so a cursor is only taken by
 * the comparison it was made for: after a run changes, the lists are recomputed and old positions would skip or
 * repeat items.
 */
function comparisonKey(result: ComparisonResult): string {
  // Listed field by field: a result read back from PostgreSQL's jsonb has its keys in another order.
  const o = result.options;
  const options = [o.metrics, o.confidence, o.minEffect, o.lowerIsBetter, o.primaryMetric];
  return createHash('sha256')
    .update(JSON.stringify([result.runA.id, result.runB.id, result.computedAt, options]))
    .digest('base64url')
    .slice(0, 16);
}

function encodeListCursor(list: ComparisonList, offset: number, key: string): string {
  return Buffer.from(JSON.stringify(['cmp', list, offset, key]), 'utf8').toString('base64url');
}

/** Each list's page start from its cursor (0 without one); a cursor of another list or comparison is a 400. */
export function listOffsets(query: CompareQuery, result: ComparisonResult): ListOffsets {
  const key = comparisonKey(result);
  const offsets = {} as ListOffsets;
  for (const list of COMPARISON_LISTS) {
    const field = `${list}Cursor` as const;
    const cursor = query[field];
    if (cursor === undefined || cursor === '') {
      offsets[list] = 0;
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      parsed = null;
    }
    if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[0] !== 'cmp' || !Number.isSafeInteger(parsed[2]) || (parsed[2] as number) < 0) {
      throw new ApiError(400, 'invalid_request', `${field} is not a cursor this API produced; pass items.pages.${list}.nextCursor of a previous page.`, { field });
    }
    if (parsed[1] !== list) {
      throw new ApiError(400, 'invalid_request', `${field} holds a cursor of the ${String(parsed[1])} list; pass items.pages.${list}.nextCursor.`, { field });
    }
    if (parsed[3] !== key) {
      throw new ApiError(
        400,
        'invalid_request',
        `${field} belongs to another comparison (other runs or options, or a run changed since and the comparison was recomputed); start again without it.`,
        { field },
      );
    }
    offsets[list] = parsed[2] as number;
  }
  return offsets;
}

/** Each list's page start, from listOffsets, as ranges of the page size to read. */
export function listRanges(offsets: ListOffsets, pageSize: number): Record<ComparisonList, { offset: number; limit: number }> {
  const ranges = {} as Record<ComparisonList, { offset: number; limit: number }>;
  for (const list of COMPARISON_LISTS) ranges[list] = { offset: offsets[list], limit: pageSize };
  return ranges;
}

/**
 * A comparison as the API sends it: the fields of `runs compare --json`, each item list the page read for it (from
 * listRanges) with its offset, total and next cursor; `options.itemLimit` is the page size.
 */
export function comparisonJson(
  result: ComparisonResult,
  offsets: ListOffsets,
  pageSize: number,
  pages: Partial<ComparisonLists>,
  lengths: Record<ComparisonList, number>,
): ComparisonJson {
  const key = comparisonKey(result);
  const page = <T>(list: ComparisonList, entries: readonly T[] | undefined) => {
    const offset = offsets[list];
    const items = (entries ?? []).slice(0, pageSize);
    const end = offset + items.length;
    // itemsLimit=0 asks for counts only: no page, so no next cursor either.
    const nextCursor = pageSize > 0 && end < lengths[list] ? encodeListCursor(list, end, key) : null;
    return { items, meta: { offset, total: lengths[list], nextCursor } };
  };
  const improved = page('improved', pages.improved);
  const regressed = page('regressed', pages.regressed);
  const onlyInA = page('onlyInA', pages.onlyInA);
  const onlyInB = page('onlyInB', pages.onlyInB);
  const s = result.summary;
  return {
    runA: { id: result.runA.id, name: result.runA.name },
    runB: { id: result.runB.id, name: result.runB.name },
    summary: {
      successRate: deltaJson(s.successRate),
      durationSeconds: deltaJson(s.durationSeconds),
      avgResponseTime: deltaJson(s.avgResponseTime),
      totalTokens: deltaJson(s.totalTokens),
      totalCost: deltaJson(s.totalCost),
    },
    metrics: result.metrics.map(metricJson),
    success: metricJson(result.success),
    significance: result.significance,
    items: {
      primaryMetric: result.items.primaryMetric,
      counts: result.items.counts,
      improved: improved.items.map(itemJson),
      regressed: regressed.items.map(itemJson),
      onlyInA: onlyInA.items,
      onlyInB: onlyInB.items,
      pages: { improved: improved.meta, regressed: regressed.meta, onlyInA: onlyInA.meta, onlyInB: onlyInB.meta },
    },
    // lowerIsBetter is the request's list as given (metrics and primaryMetric must name a compared metric): a token
    // pasted into it is cut to its prefix, as in error messages.
    options: { ...result.options, lowerIsBetter: result.options.lowerIsBetter.map(cutSecrets), itemLimit: pageSize },
    fromCache: result.fromCache,
    computedAt: result.computedAt,
  };
}
